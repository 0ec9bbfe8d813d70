package org.jdrand.node.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where the PostgreSQL store lives. {@link #fromDsn} accepts drand's {@code --pg-dsn} URL form
 * ({@code postgres://user:password@host:port/db?sslmode=disable&connect_timeout=5}).
 * The password never appears in {@link #toString()}.
 */
public record PostgresConfig(String jdbcUrl, String user, String password) {

    /** drand's default {@code --pg-dsn}. */
    public static final String DEFAULT_DSN =
            "postgres://drand:drand@127.0.0.1:5432/drand?sslmode=disable&connect_timeout=5";

    public PostgresConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("postgres: JDBC URL " + jdbcUrl + " (expected jdbc:postgresql://...)");
        }
    }

    /** Converts a drand DSN (postgres:// or postgresql:// URL) to JDBC settings. */
    public static PostgresConfig fromDsn(String dsn) {
        URI uri;
        try {
            uri = new URI(Objects.requireNonNull(dsn, "dsn"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("postgres: DSN is not a URL: " + e.getReason()
                    + " (expected postgres://user:password@host:port/db)");
        }
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
            throw new IllegalArgumentException("postgres: DSN scheme " + uri.getScheme() + " (expected postgres://)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("postgres: DSN without host (expected postgres://user:password@host:port/db)");
        }
        String user = "";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] up = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(up[0], StandardCharsets.UTF_8);
            password = up.length > 1 ? URLDecoder.decode(up[1], StandardCharsets.UTF_8) : "";
        }
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
            url.append(':').append(uri.getPort());
        }
        url.append('/').append(db);
        if (uri.getRawQuery() != null) {
            // pgjdbc knows sslmode and connectTimeout (seconds), not libpq's connect_timeout
            url.append('?').append(uri.getRawQuery().replace("connect_timeout=", "connectTimeout="));
        }
        return new PostgresConfig(url.toString(), user, password);
    }

    @Override
    public String toString() {
        return "PostgresConfig[" + jdbcUrl + ", user=" + user + ", password=redacted]";
    }
}
