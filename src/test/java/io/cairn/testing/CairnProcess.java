package io.cairn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;

import static org.awaitility.Awaitility.await;

/**
 * Cairn as a separate JVM, started from the packaged jar exactly as an operator would, so a test
 * can kill it for real and start it again on the same database and storage.
 */
public final class CairnProcess implements AutoCloseable {

    /** Test processes live seconds: the C1 compiler alone starts them faster. */
    private static final List<String> TEST_JVM = List.of("-XX:TieredStopAtLevel=1", "-Xmx512m");

    private final Process process;
    private final int port;

    private CairnProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the packaged application with these arguments on a free port and waits until it
     * reports health UP. It runs from the jar's extraction with a class-data-sharing archive, as
     * Spring Boot recommends for production: the same classes, started in about 7 s instead of 20.
     */
    public static CairnProcess start(Path logFile, List<String> args) {
        return start(null, TEST_JVM, FastLaunch.command(), logFile, args);
    }

    /** As {@link #start(Path, List)} with these JVM options instead of the tests' (benchmarks run Cairn as in production). */
    public static CairnProcess start(Path logFile, List<String> jvmOptions, List<String> args) {
        return start(null, jvmOptions, FastLaunch.command(), logFile, args);
    }

    /**
     * Starts Cairn from a directory holding the layers {@code java -Djarmode=tools -jar ... extract
     * --layers --launcher} wrote and copied together, as the Dockerfile's run stage does.
     */
    public static CairnProcess startExtracted(Path applicationDir, Path logFile, List<String> args) {
        return start(
                applicationDir, TEST_JVM, List.of("org.springframework.boot.loader.launch.JarLauncher"), logFile, args);
    }

    private static String key(String arg) {
        int equals = arg.indexOf('=');
        return equals < 0 ? arg : arg.substring(0, equals);
    }

    /** The packaged jar in {@code target/}. */
    public static Path jar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(path -> path.getFileName().toString().matches("cairn-.*\\.jar"))
                    .findFirst()
                    .map(Path::toAbsolutePath)
                    .orElseThrow(() -> new IllegalStateException("no packaged jar in target/: run ./mvnw verify"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static CairnProcess start(
            Path workingDir, List<String> jvmOptions, List<String> launch, Path logFile, List<String> args) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmOptions);
        command.addAll(launch);
        command.add("--server.port=" + port);
        // A setting the test gives itself replaces the test default (Spring would join both values).
        java.util.Set<String> given = args.stream().map(CairnProcess::key).collect(java.util.stream.Collectors.toSet());
        TestAuth.args().stream().filter(arg -> !given.contains(key(arg))).forEach(command::add);
        command.addAll(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            if (workingDir != null) {
                builder.directory(workingDir.toFile());
            }
            Process process = builder.start();
            CairnProcess cairn = new CairnProcess(process, port);
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !process.isAlive() || cairn.healthy());
            if (!process.isAlive()) {
                throw new IllegalStateException("Cairn exited with " + process.exitValue() + "; see " + logFile);
            }
            return cairn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The jar extracted once ({@code java -Djarmode=tools extract}) and a dynamic CDS archive written
     * by one training run that stops after the context refreshed. Test JVMs running side by side
     * share them: the first prepares under a file lock, the others find them ready for this jar. If
     * the archive cannot be made, the JVM starts without it (slower, same behaviour).
     */
    private static final class FastLaunch {

        private static final Path DIR = Path.of("target", "cairn-process").toAbsolutePath();
        private static final Path LOCK = Path.of("target", "cairn-process.lock").toAbsolutePath();
        private static List<String> command;

        static synchronized List<String> command() {
            if (command == null) {
                try (FileChannel lock = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock held = lock.lock()) {
                    command = prepare();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return command;
        }

        private static List<String> prepare() {
            try {
                Path extracted = DIR.resolve("app").resolve(jar().getFileName());
                Path archive = DIR.resolve("cairn.jsa");
                Path ready = DIR.resolve("ready");
                String fingerprint = Files.size(jar()) + "@" + Files.getLastModifiedTime(jar());
                if (!Files.isRegularFile(ready) || !Files.readString(ready).equals(fingerprint)) {
                    deleteTree(DIR);
                    Path training = Files.createDirectories(DIR.resolve("training"));
                    run(
                            DIR,
                            List.of(
                                    javaBinary(),
                                    "-Djarmode=tools",
                                    "-jar",
                                    jar().toString(),
                                    "extract",
                                    "--destination",
                                    DIR.resolve("app").toString()));
                    List<String> train = new ArrayList<>(List.of(
                            javaBinary(),
                            "-XX:TieredStopAtLevel=1",
                            "-Xmx512m",
                            "-XX:ArchiveClassesAtExit=" + archive,
                            "-Dspring.context.exit=onRefresh",
                            "-jar",
                            extracted.toString(),
                            "--server.port=0",
                            "--cairn.storage.checkpoint-root=file:" + training.resolve("checkpoints"),
                            "--cairn.storage.savepoint-root=file:" + training.resolve("savepoints")));
                    train.addAll(TestAuth.args());
                    run(training, train);
                    Files.writeString(ready, fingerprint);
                }
                List<String> launch = new ArrayList<>();
                if (Files.isRegularFile(archive)) {
                    launch.add("-XX:SharedArchiveFile=" + archive);
                }
                launch.addAll(List.of("-jar", extracted.toString()));
                return List.copyOf(launch);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static void run(Path workingDir, List<String> command) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            DIR.resolve("prepare.log").toFile()))
                    .start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "preparing Cairn's launch timed out; see " + DIR.resolve("prepare.log"));
            }
        }

        private static void deleteTree(Path dir) throws IOException {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Requests to this process as ADMIN. Every setting is its own, so RestAssured's static ones,
     * which the in-JVM tests running beside the process tests set, do not reach it.
     */
    public RequestSpecification api() {
        return new RequestSpecBuilder()
                .setBaseUri("http://127.0.0.1")
                .setPort(port)
                .setBasePath("")
                .addHeader("Authorization", "Bearer " + TestAuth.ADMIN)
                .build();
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the process to end by itself (a crash point halted it) and returns its exit code. */
    public int awaitExit() {
        await().atMost(Duration.ofMinutes(1)).until(() -> !process.isAlive());
        return process.exitValue();
    }

    /** Sends SIGTERM, as Kubernetes does, and waits for the process to end; returns its exit code. */
    public int terminate() {
        process.destroy();
        await().atMost(Duration.ofMinutes(1)).until(() -> !process.isAlive());
        return process.exitValue();
    }

    /** Kills the process as {@code kill -9} does (no shutdown hook, no graceful stop) and waits for it to end. */
    public void kill() {
        process.destroyForcibly();
        await().atMost(Duration.ofMinutes(1)).until(() -> !process.isAlive());
    }

    /** Stops the process where it is ({@code SIGSTOP}), as a long pause or a frozen node would. */
    public void suspend() {
        signal("STOP");
    }

    /** Lets a suspended process run on ({@code SIGCONT}). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        await().atMost(Duration.ofMinutes(1)).until(() -> !process.isAlive());
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
