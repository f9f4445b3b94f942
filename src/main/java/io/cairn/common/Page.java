package io.cairn.common;

import java.util.List;
import java.util.function.Function;

/** One page of a list, newest first, with the total so a client knows how many pages there are. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public static <E, T> Page<T> from(org.springframework.data.domain.Page<E> page, Function<E, T> mapper) {
        return new Page<>(
                page.getContent().stream().map(mapper).toList(),
                page.getNumber(),
                page.getSize(),
                page.getTotalElements());
    }
}
