package io.cairn.testing;

import java.nio.file.Path;

import io.cairn.CairnApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Cairn started in this JVM on a given data directory, so a test can stop and start it on the same files. */
public final class InProcessCairn {

    private InProcessCairn() {}

    public static ConfigurableApplicationContext start(Path dir) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("cairn")
                        + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                "--cairn.storage.checkpoint-root=file:" + dir.resolve("checkpoints"),
                "--cairn.storage.savepoint-root=file:" + dir.resolve("savepoints")));
        args.addAll(TestAuth.args());
        return new SpringApplicationBuilder(CairnApplication.class).run(args.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public static String url(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + port(context);
    }
}
