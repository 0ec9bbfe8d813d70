package org.jdrand.node.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeAddressTest {

    @Test
    void acceptsHostPort() {
        assertThat(NodeAddress.requireValid("127.0.0.1:8080")).isEqualTo("127.0.0.1:8080");
        assertThat(NodeAddress.requireValid("drand.example.org:443")).isEqualTo("drand.example.org:443");
        assertThat(NodeAddress.requireValid("[::1]:4444")).isEqualTo("[::1]:4444");
    }

    @Test
    void explainsWhatIsWrong() {
        assertThatThrownBy(() -> NodeAddress.requireValid("example.org")).hasMessageContaining("has no port (expected host:port)");
        assertThatThrownBy(() -> NodeAddress.requireValid("example.org:")).hasMessageContaining("has no port");
        assertThatThrownBy(() -> NodeAddress.requireValid("h:99999")).hasMessageContaining("port 99999 (expected 1..65535)");
        assertThatThrownBy(() -> NodeAddress.requireValid("h:http")).hasMessageContaining("port \"http\"");
        assertThatThrownBy(() -> NodeAddress.requireValid("https://h:1")).hasMessageContaining("without scheme or path");
        assertThatThrownBy(() -> NodeAddress.requireValid("::1:80")).hasMessageContaining("[ipv6]:port");
        assertThatThrownBy(() -> NodeAddress.requireValid(" ")).hasMessageContaining("empty");
    }
}
