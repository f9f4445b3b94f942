package io.cairn.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the HTTP API.
 *
 * @param maxRequestBody largest request body accepted; larger ones answer 413 before they are read
 */
@Validated
@ConfigurationProperties("cairn.api")
record ApiProperties(@DefaultValue("1MB") DataSize maxRequestBody) {}
