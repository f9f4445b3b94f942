package io.cairn.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.springframework.stereotype.Component;

/** This replica's name: {@code cairn.cluster.replica-id}, or the host name and a random suffix. */
@Component
public class ReplicaId {

    private final String id;

    ReplicaId(ClusterProperties properties) {
        this.id = properties.replicaId() != null && !properties.replicaId().isBlank()
                ? properties.replicaId()
                : hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String get() {
        return id;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "cairn";
        }
    }
}
