package io.cairn.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * H2 keeps a lock on its file until the database has really closed, which can be a moment after
 * the application context that used it is closed. A test that restarts the application on the
 * same file waits for that, instead of racing the close.
 */
public final class H2Files {

    private H2Files() {}

    /** @param base the database path as in the JDBC URL, without {@code .mv.db} */
    public static void awaitClosed(Path base) {
        Path file = Path.of(base + ".mv.db");
        await().atMost(Duration.ofSeconds(30)).until(() -> unlocked(file));
    }

    private static boolean unlocked(Path file) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            FileLock lock = raf.getChannel().tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
