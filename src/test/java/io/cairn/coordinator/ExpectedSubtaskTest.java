package io.cairn.coordinator;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExpectedSubtaskTest {

    @Test
    void batchedSubtasksShareOneCallPerUrlAndEveryOtherSubtaskHasItsOwnEvenAtTheSameUrl() {
        ExpectedSubtask a0 = new ExpectedSubtask("a", 0, "http://host-1", true);
        ExpectedSubtask a1 = new ExpectedSubtask("a", 1, "http://host-2", true);
        ExpectedSubtask b0 = new ExpectedSubtask("b", 0, "http://host-1", true);
        ExpectedSubtask b1 = new ExpectedSubtask("b", 1, "http://host-1", false);
        ExpectedSubtask b2 = new ExpectedSubtask("b", 2, "http://host-1", false);

        assertThat(ExpectedSubtask.byCall(List.of(a0, a1, b0, b1, b2)))
                .containsExactly(List.of(a0, b0), List.of(a1), List.of(b1), List.of(b2));
    }

    @Test
    void aCallIsNamedByItsSubtaskOrByHowManyItReaches() {
        ExpectedSubtask a0 = new ExpectedSubtask("a", 0, "http://host-1", true);
        ExpectedSubtask b0 = new ExpectedSubtask("b", 0, "http://host-1", true);

        assertThat(ExpectedSubtask.describe(List.of(a0))).isEqualTo("a/0");
        assertThat(ExpectedSubtask.describe(List.of(a0, b0))).isEqualTo("2 subtasks (a/0, ...)");
    }
}
