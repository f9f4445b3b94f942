package io.cairn.storage;

import java.util.regex.Pattern;

/**
 * The rule a job id must meet before it may become a directory name: it starts with a letter or
 * digit, holds only letters, digits, '.', '_' and '-', is at most 64 characters long and never
 * contains "..".
 */
public final class JobIdRule {

    /** The pattern itself, for {@code @Pattern} on request records. */
    public static final String REGEX = "^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    public static final String DESCRIPTION =
            "1-64 characters from [A-Za-z0-9._-], starting with a letter or digit, without '..'";

    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private JobIdRule() {}

    public static boolean isValid(String jobId) {
        return jobId != null && PATTERN.matcher(jobId).matches();
    }

    /** Returns the id unchanged, or throws {@link InvalidJobId} before it can touch a file system. */
    static String require(String jobId) {
        if (!isValid(jobId)) {
            throw new InvalidJobId(jobId);
        }
        return jobId;
    }
}
