package io.cairn.common;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;

/** Turns the {@code page} and {@code size} query parameters into a bounded page request. */
public final class Paging {

    /** Largest page a client may ask for; larger lists are paged. */
    public static final int MAX_SIZE = 500;

    private Paging() {}

    public static Pageable of(int page, int size) {
        if (page < 0) {
            throw new InvalidRequest("page", "page must be 0 or more, got " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidRequest("size", "size must be between 1 and " + MAX_SIZE + ", got " + size);
        }
        return PageRequest.of(page, size);
    }
}
