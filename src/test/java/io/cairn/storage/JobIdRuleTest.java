package io.cairn.storage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class JobIdRuleTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "orders-1",
                "Orders_2.v3",
                "0f8fad5bd9cb469fa16570867728950e",
                "a234567890123456789012345678901234567890123456789012345678901234"
            })
    void acceptsSafeDirectoryNames(String jobId) {
        assertThat(JobIdRule.isValid(jobId)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ".",
                "..",
                ".hidden",
                "_x",
                "-x",
                "a..b",
                "a/b",
                "a\\b",
                "a b",
                "a:b",
                "é",
                "a\u0000",
                "a\n",
                "%2e%2e",
                "a2345678901234567890123456789012345678901234567890123456789012345"
            })
    void refusesEverythingElse(String jobId) {
        assertThat(JobIdRule.isValid(jobId)).isFalse();
    }
}
