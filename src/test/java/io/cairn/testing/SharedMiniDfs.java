package io.cairn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * One real in-process HDFS per test JVM: a MiniDFSCluster takes about ten seconds to start, so
 * every test class that needs HDFS shares it (each under its own directory). It stops when the
 * JVM does.
 */
public final class SharedMiniDfs {

    private static MiniDFSCluster cluster;

    private SharedMiniDfs() {}

    public static synchronized MiniDFSCluster cluster() {
        if (cluster == null) {
            Configuration conf = new Configuration();
            conf.set(
                    MiniDFSCluster.HDFS_MINIDFS_BASEDIR,
                    TestDirectories.fresh("minidfs").toString());
            try {
                cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
                cluster.waitActive();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            MiniDFSCluster started = cluster;
            Runtime.getRuntime().addShutdownHook(new Thread(started::shutdown, "minidfs-shutdown"));
        }
        return cluster;
    }

    /** {@code hdfs://localhost:<port>} of the shared cluster. */
    public static URI uri() {
        return cluster().getURI();
    }

    public static Configuration configuration() {
        return new Configuration(cluster().getConfiguration(0));
    }
}
