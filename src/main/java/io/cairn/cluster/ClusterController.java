package io.cairn.cluster;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Which replicas share the catalog and which jobs each coordinates. */
@RestController
@Tag(name = "Cluster", description = "Replicas and the jobs each coordinates")
class ClusterController {

    private final ClusterProperties properties;
    private final ReplicaId replicaId;
    private final LeaseStore store;

    ClusterController(ClusterProperties properties, ReplicaId replicaId, LeaseStore store) {
        this.properties = properties;
        this.replicaId = replicaId;
        this.store = store;
    }

    @GetMapping(path = "/api/v1/cluster", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replicas, when each was last seen, and the jobs each owns with lease epoch and expiry")
    ClusterView cluster() {
        return store.view(properties.leaseTtl(), properties.enabled(), replicaId.get());
    }
}
