package io.cairn.api;

import java.io.IOException;

/** A request body grew past the configured limit while it was being read. */
public final class PayloadTooLarge extends IOException {

    PayloadTooLarge(long limit) {
        super("The request body is larger than " + limit + " bytes (cairn.api.max-request-body)");
    }
}
