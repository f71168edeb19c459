package io.kairos.app;

/** What the benchmark programs of the test sources share: integer and text options and wall-clock seconds. */
public final class BenchmarkArguments {

    private BenchmarkArguments() {}

    /**
     * The integer after {@code name} in {@code args} ({@code _} and {@code ,} allowed as digit separators), or {@code
     * fallback} when the option is absent; throws {@link IllegalArgumentException} with the option's name when the value
     * is not an integer.
     */
    public static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                String value = args[i + 1].replace("_", "").replace(",", "");
                try {
                    return Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " takes an integer, was " + args[i + 1], e);
                }
            }
        }
        return fallback;
    }

    /** The value after {@code name} in {@code args}, or {@code fallback} when the option is absent. */
    public static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** Seconds of wall clock since {@code startNanos}, a {@link System#nanoTime()} reading. */
    public static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
