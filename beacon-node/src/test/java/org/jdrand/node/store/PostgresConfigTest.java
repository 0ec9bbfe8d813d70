package org.jdrand.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresConfigTest {

    @Test
    void convertsDrandsDefaultDsn() {
        PostgresConfig c = PostgresConfig.fromDsn(PostgresConfig.DEFAULT_DSN);
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/drand?sslmode=disable&connectTimeout=5");
        assertThat(c.user()).isEqualTo("drand");
        assertThat(c.password()).isEqualTo("drand");
        assertThat(c.toString()).contains("password=redacted").doesNotContain(":drand@");
    }

    @Test
    void decodesEscapedCredentials() {
        PostgresConfig c = PostgresConfig.fromDsn("postgresql://u%40x:p%3Aw@db.example:6543/chains");
        assertThat(c.user()).isEqualTo("u@x");
        assertThat(c.password()).isEqualTo("p:w");
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/chains");
    }

    @Test
    void rejectsOtherSchemes() {
        assertThatThrownBy(() -> PostgresConfig.fromDsn("mysql://a@b/c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme mysql (expected postgres://)");
        assertThatThrownBy(() -> PostgresConfig.fromDsn("postgres:///nohost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without host");
    }
}
