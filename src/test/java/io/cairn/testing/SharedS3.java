package io.cairn.testing;

import java.net.URI;
import java.util.Map;
import java.util.Properties;

import org.apache.hadoop.conf.Configuration;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

import static org.awaitility.Awaitility.await;

/**
 * One real S3-compatible server per test JVM (s3proxy over an in-memory blob store) on loopback,
 * with one bucket. Cairn reaches it through Hadoop's S3A connector, path-style, as it would reach
 * an S3-compatible store in a data centre; requests are anonymous, so no credential appears here.
 */
public final class SharedS3 {

    public static final String BUCKET = "cairn-test";
    /** A system property naming a directory: the server keeps its objects there instead of in memory. */
    public static final String ON_DISK = "cairn.test.s3-directory";

    private static S3Proxy server;
    private static BlobStore blobs;

    private SharedS3() {}

    /** The S3A settings that reach this server. */
    public static synchronized Map<String, String> hadoopProperties() {
        start();
        return Map.of(
                "fs.s3a.endpoint", "http://127.0.0.1:" + server.getPort(),
                "fs.s3a.endpoint.region", "us-east-1",
                "fs.s3a.path.style.access", "true",
                "fs.s3a.connection.ssl.enabled", "false",
                "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider",
                "fs.s3a.retry.limit", "2",
                "fs.s3a.attempts.maximum", "2");
    }

    public static Configuration configuration() {
        Configuration conf = new Configuration();
        hadoopProperties().forEach(conf::set);
        return conf;
    }

    /** {@code s3a://<bucket>/<path>}. */
    public static String uri(String path) {
        start();
        return "s3a://" + BUCKET + "/" + path;
    }

    /** Stores an object directly, without a request: for benchmarks that need many objects fast. */
    public static void put(String key, byte[] content) {
        start();
        blobs.putBlob(BUCKET, blobs.blobBuilder(key).payload(content).build());
    }

    private static synchronized void start() {
        if (server != null) {
            return;
        }
        Properties properties = new Properties();
        // Benchmarks with many objects keep them on disk: the in-memory store scans every key per listing.
        String directory = System.getProperty(ON_DISK);
        if (directory != null) {
            properties.setProperty("jclouds.filesystem.basedir", directory);
        }
        BlobStoreContext context = ContextBuilder.newBuilder(directory == null ? "transient" : "filesystem")
                .overrides(properties)
                .build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, BUCKET);
        blobs = context.getBlobStore();
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, null, null)
                // The AWS SDK adds checksum headers (x-amz-checksum-*) that s3proxy does not know.
                .ignoreUnknownHeaders(true)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start", e);
        }
        await().until(() -> "STARTED".equals(proxy.getState()));
        server = proxy;
    }
}
