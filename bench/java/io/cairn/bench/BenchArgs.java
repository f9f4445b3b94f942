package io.cairn.bench;

/** The benchmarks' {@code name=value} arguments. */
final class BenchArgs {

    private BenchArgs() {}

    /** The value of {@code name=...} among the arguments, or the fallback. */
    static String arg(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
