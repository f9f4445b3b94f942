package io.cairn.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A normalised storage root URI. {@code file:} roots become absolute ({@code file:./data} resolves
 * against the working directory), trailing slashes go, and only the schemes Cairn supports pass.
 */
public record StorageRoot(URI uri) {

    private static final Set<String> SCHEMES = Set.of("file", "hdfs", "s3a");

    public StorageRoot {
        if (uri == null
                || uri.getScheme() == null
                || !SCHEMES.contains(uri.getScheme())
                || uri.getPath() == null
                || !uri.getPath().startsWith("/")) {
            throw new IllegalArgumentException(
                    "A storage root must be an absolute file:, hdfs:// or s3a:// URI, got " + uri);
        }
    }

    /**
     * Parses a configured or requested root.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static StorageRoot parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A storage root must not be empty");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URI: " + e.getReason());
        }
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException(
                    "'" + text + "' has no scheme; use file:/path, hdfs://namenode/path or s3a://bucket/path");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException(
                    "Scheme '" + scheme + "' is not supported; use file:, hdfs:// or s3a://");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("A storage root carries no query, fragment or user info: " + text);
        }
        if (scheme.equals("file")) {
            String path = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
            if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
                throw new IllegalArgumentException("A file: root names no host: " + text);
            }
            String absolute = Path.of(path).toAbsolutePath().normalize().toString();
            return new StorageRoot(withPath(uri, scheme, absolute)).withoutTrailingSlash();
        }
        if (scheme.equals("s3a")
                && (uri.getAuthority() == null || uri.getAuthority().isEmpty())) {
            throw new IllegalArgumentException("An s3a:// root names its bucket: s3a://bucket/path, got " + text);
        }
        if (uri.getAuthority() == null || uri.getPath() == null || uri.getPath().isEmpty()) {
            return new StorageRoot(withPath(uri, scheme, "/")).withoutTrailingSlash();
        }
        String normalised = uri.normalize().getPath();
        if (normalised.contains("/../") || normalised.endsWith("/..")) {
            throw new IllegalArgumentException("A storage root must not climb above '/': " + text);
        }
        return new StorageRoot(withPath(uri, scheme, normalised)).withoutTrailingSlash();
    }

    /** True when {@code other} is this root or lies below it (same scheme and authority). */
    public boolean contains(StorageRoot other) {
        if (!uri.getScheme().equals(other.uri.getScheme())
                || !Objects.equals(uri.getAuthority(), other.uri.getAuthority())) {
            return false;
        }
        String base = uri.getPath();
        String path = other.uri.getPath();
        return path.equals(base) || path.startsWith(base.endsWith("/") ? base : base + "/");
    }

    /**
     * The path of {@code other} relative to this root, {@code ""} for the root itself.
     *
     * @throws IllegalArgumentException when it does not lie under this root
     */
    public String relativize(StorageRoot other) {
        if (!contains(other)) {
            throw new IllegalArgumentException(other + " is not under " + this);
        }
        return other.uri.getPath().substring(uri.getPath().length()).replaceFirst("^/+", "");
    }

    /** The directory this one lies in; a snapshot in a directory of its own is read from there. */
    public StorageRoot parent() {
        String path = uri.getPath();
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException(this + " has no parent directory");
        }
        return new StorageRoot(withPath(uri, uri.getScheme(), path.substring(0, slash)));
    }

    /** The last segment of the path, e.g. {@code savepoint-orders-1a2b3c4d5e6f}. */
    public String name() {
        String path = uri.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return uri.toString();
    }

    private StorageRoot withoutTrailingSlash() {
        String path = uri.getPath();
        if (path.length() > 1 && path.endsWith("/")) {
            return new StorageRoot(withPath(uri, uri.getScheme(), path.substring(0, path.length() - 1)));
        }
        return this;
    }

    private static URI withPath(URI uri, String scheme, String path) {
        try {
            return new URI(scheme, uri.getAuthority(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
