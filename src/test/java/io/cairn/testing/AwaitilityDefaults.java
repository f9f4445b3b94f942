package io.cairn.testing;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Conditions are awaited up to a minute by default, not Awaitility's ten seconds: CI shares two
 * cores, and a wait that ends as soon as its condition holds costs nothing when the machine is fast.
 */
public class AwaitilityDefaults implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
        Awaitility.setDefaultPollInterval(Duration.ofMillis(50));
    }
}
