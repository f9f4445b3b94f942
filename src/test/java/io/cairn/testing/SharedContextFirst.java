package io.cairn.testing;

import java.util.Comparator;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the {@link SharedCairn} classes one after another, then the rest by name. Spring keeps only
 * a few test contexts (spring.properties), so the shared one, with other contexts started between
 * its classes, was evicted and started again several times per run.
 */
public final class SharedContextFirst implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors()
                .sort(Comparator.comparing((ClassDescriptor descriptor) ->
                                !SharedCairn.class.isAssignableFrom(descriptor.getTestClass()))
                        .thenComparing(descriptor -> descriptor.getTestClass().getName()));
    }
}
