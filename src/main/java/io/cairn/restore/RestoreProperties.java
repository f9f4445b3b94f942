package io.cairn.restore;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Restores.
 *
 * @param allowedRoots roots an external {@code _metadata} path may lie under, besides the
 *     checkpoint and savepoint roots, which are always allowed
 */
@ConfigurationProperties("cairn.restore")
public record RestoreProperties(@DefaultValue List<String> allowedRoots) {
}
