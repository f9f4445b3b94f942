package io.cairn.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class that runs alongside the rest of the suite, on a second thread (see
 * junit-platform.properties), instead of after it: Cairn as real processes ({@link CairnProcess}),
 * which mostly wait for their child JVMs, and tests of one component that start no Spring context.
 * The rest of the suite leaves part of the machine idle, so this shortens {@code verify}.
 *
 * <p>Such a class shares no static state with the others: it reaches a process through {@link
 * CairnProcess#api()}, never through RestAssured's static settings, which the other tests change.
 * One such class runs at a time (the lock): several at once starve each other's JVMs on two cores.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("runs-alongside")
public @interface RunsAlongside {}
