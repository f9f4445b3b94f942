package io.cairn.retention;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionPropertiesTest {

    @Test
    void crashLeftoversAreSweptHourlyByDefaultPastTwiceTheLongestTimeout() {
        RetentionProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("cairn.retention", RetentionProperties.class);

        assertThat(defaults.orphanSweepEnabled()).isTrue();
        assertThat(defaults.orphanSweepInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.orphanGracePeriod())
                .as("unset: twice the longest checkpoint timeout")
                .isNull();
    }
}
