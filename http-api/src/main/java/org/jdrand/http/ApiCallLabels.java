package org.jdrand.http;

/**
 * The {@code api_method} label of drand's {@code api_call_counter} for a request path: which API
 * was called, from a fixed set so the label stays bounded whatever the path. drand's first HTTP
 * gateway counted "public" for every randomness read; the other names follow our routes.
 */
public final class ApiCallLabels {
    /** Every label {@link #of} can return. */
    public static final java.util.List<String> ALL = java.util.List.of("public", "info", "health", "chains",
            "beacons", "members", "rounds_range", "rounds_stream", "home", "status_page", "other");

    private ApiCallLabels() {}

    /** @param uri the request target, query string allowed */
    public static String of(String uri) {
        int end = uri.length();
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String path = uri.substring(uri.startsWith("/") ? 1 : 0, Math.max(uri.startsWith("/") ? 1 : 0, end));
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String[] s = path.isEmpty() ? new String[0] : path.split("/", -1);
        if (s.length == 0) {
            return "home";
        }
        switch (s[0]) {
            case "status":
                return "status_page";
            case "chains":
                return s.length == 1 ? "chains" : "other";
            case "api":
                return s.length >= 2 && s.length <= 3 && s[1].equals("public") ? "public" : "other";
            case "v2":
                if (s.length == 2 && (s[1].equals("chains") || s[1].equals("beacons"))) {
                    return s[1];
                }
                if (s.length >= 4 && (s[1].equals("chains") || s[1].equals("beacons"))) {
                    return chain(s, 3, true);
                }
                return "other";
            default:
                String own = chain(s, 0, false);
                return !own.equals("other") || s.length < 2 ? own : chain(s, 1, false);
        }
    }

    /** The routes of one chain from segment {@code i} (v1 or v2 shape). */
    private static String chain(String[] s, int i, boolean v2) {
        int n = s.length - i;
        if (v2 && s[i].equals("rounds")) {
            return n == 1 ? "rounds_range" : n == 2 && s[i + 1].equals("stream") ? "rounds_stream" : n == 2 ? "public"
                    : "other";
        }
        if (n == 1 && (s[i].equals("info") || s[i].equals("health"))) {
            return s[i];
        }
        if (v2 && n == 1 && s[i].equals("members")) {
            return "members";
        }
        return !v2 && n == 2 && s[i].equals("public") ? "public" : "other";
    }
}
