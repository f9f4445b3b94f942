package io.cairn.storage;

import java.io.File;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Hands out one {@link CheckpointStorage} per checkpoint root, opened on first use and closed on
 * shutdown, and decides which roots a job may use: the configured checkpoint root and whatever
 * lies under {@code cairn.storage.allowed-roots}. Nothing else becomes a root.
 */
@Component
public class CheckpointStorages implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CheckpointStorages.class);

    private final Configuration hadoopConf;
    private final StorageRoot defaultRoot;
    private final StorageRoot savepointRoot;
    private final List<StorageRoot> allowedRoots = new ArrayList<>();
    private final ConcurrentMap<URI, CheckpointStorage> opened = new ConcurrentHashMap<>();

    public CheckpointStorages(StorageProperties properties) {
        this.hadoopConf = hadoopConfiguration(properties.hadoopConfDir());
        properties.hadoopProperties().forEach(hadoopConf::set);
        this.defaultRoot = parseConfigured("cairn.storage.checkpoint-root", properties.checkpointRoot());
        this.savepointRoot = parseConfigured("cairn.storage.savepoint-root", properties.savepointRoot());
        allowedRoots.add(defaultRoot);
        for (String root : properties.allowedRoots()) {
            allowedRoots.add(parseConfigured("cairn.storage.allowed-roots", root));
        }
    }

    /** The storage under {@code cairn.storage.checkpoint-root}. */
    public CheckpointStorage defaultStorage() {
        return forRoot(defaultRoot);
    }

    public StorageRoot defaultRoot() {
        return defaultRoot;
    }

    /** Every root a job may use, the configured checkpoint root first. */
    public List<StorageRoot> allowedRoots() {
        return List.copyOf(allowedRoots);
    }

    public StorageRoot savepointRoot() {
        return savepointRoot;
    }

    /** The storage under {@code cairn.storage.savepoint-root}. */
    public CheckpointStorage savepointStorage() {
        return open(savepointRoot);
    }

    /**
     * The storage of a root its caller vouches for without this class's allow-list: restore reads
     * from a root recorded in the catalog or under {@code cairn.restore.allowed-roots}, and checks
     * that itself. No check happens here, hence the name.
     */
    public CheckpointStorage forVouchedRoot(StorageRoot root) {
        return open(root);
    }

    /** The storage of a job's recorded root. */
    public CheckpointStorage forRoot(String root) {
        return forRoot(StorageRoot.parse(root));
    }

    /** The storage of a root that {@link #resolveJobRoot} accepted earlier, or of the savepoint root. */
    public CheckpointStorage forRoot(StorageRoot root) {
        if (!savepointRoot.contains(root) && allowedRoots.stream().noneMatch(allowed -> allowed.contains(root))) {
            throw new InvalidStorageRoot(root.toString(), "it is not under an allowed root " + allowedRoots);
        }
        return open(root);
    }

    private CheckpointStorage open(StorageRoot root) {
        return opened.computeIfAbsent(root.uri(), uri -> new HadoopCheckpointStorage(root, hadoopConf));
    }

    /**
     * The root a new job will use: the default when none is requested, else the requested one if
     * it parses and lies under an allowed root.
     *
     * @throws InvalidStorageRoot naming what is wrong
     */
    public StorageRoot resolveJobRoot(String requested) {
        if (requested == null) {
            return defaultRoot;
        }
        StorageRoot root;
        try {
            root = StorageRoot.parse(requested);
        } catch (IllegalArgumentException e) {
            throw new InvalidStorageRoot(requested, e.getMessage());
        }
        if (allowedRoots.stream().noneMatch(allowed -> allowed.contains(root))) {
            throw new InvalidStorageRoot(
                    requested,
                    "it is not under an allowed root " + allowedRoots
                            + " (cairn.storage.checkpoint-root or cairn.storage.allowed-roots)");
        }
        return root;
    }

    @Override
    public void destroy() {
        opened.values().forEach(storage -> {
            try {
                storage.close();
            } catch (RuntimeException e) {
                log.warn("Closing checkpoint storage {} failed: {}", storage.root(), e.getMessage());
            }
        });
        opened.clear();
    }

    private static StorageRoot parseConfigured(String property, String value) {
        try {
            return StorageRoot.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is invalid: " + e.getMessage(), e);
        }
    }

    private static Configuration hadoopConfiguration(String confDir) {
        Configuration conf = new Configuration();
        String dir = confDir != null ? confDir : System.getenv("HADOOP_CONF_DIR");
        if (dir != null && !dir.isBlank()) {
            for (String name : List.of("core-site.xml", "hdfs-site.xml")) {
                File file = new File(dir, name);
                if (file.isFile()) {
                    conf.addResource(new Path(file.toURI()));
                    log.info("Hadoop configuration: {}", file);
                }
            }
        }
        return conf;
    }
}
