package org.jdrand.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict JSON reader: what drand serves parses; anything that is not exactly one JSON value does not. */
class JsonTest {
    @Test
    @SuppressWarnings("unchecked")
    void parsesDrandBodies() {
        Map<String, Object> m = Json.parseObject("{\"round\":18446744073709551615,\"signature\":\"ab\","
                + "\"metadata\":{\"beaconID\":\"quick\\u006eet\"},\"list\":[1,-2.5e3,true,false,null],\"esc\":\"a\\\"\\\\\\/\\n\"}");
        assertThat(m.get("round")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(m.get("metadata")).isEqualTo(Map.of("beaconID", "quicknet"));
        assertThat((List<Object>) m.get("list")).containsExactly(BigInteger.ONE, -2500.0, true, false, Json.NULL);
        assertThat(m.get("esc")).isEqualTo("a\"\\/\n");
        assertThat(Json.parse(" [ ] ")).isEqualTo(List.of());
    }

    @Test
    void rejectsWhatIsNotExactlyOneValue() {
        for (String bad : List.of("", "{", "{\"a\":1}x", "{\"a\":1,\"a\":2}", "{\"a\":01}", "{\"a\":1,}", "[1 2]",
                "{'a':1}", "{\"a\":\"x\ny\"}", "{\"a\":tru}", "{\"a\":-}", "{\"a\":\"\\x\"}", "[".repeat(40) + "]".repeat(40),
                "{\"a\":1.}")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("json: ");
        }
        assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessage("json: top-level value is not an object");
    }

    @Test
    void beaconFieldsAreTypeChecked() {
        assertThatThrownBy(() -> DrandJson.beacon("{\"round\":\"5\",\"signature\":\"ab\"}"))
                .hasMessage("json: field round is 5 (expected an integer in 0..2^63-1)");
        assertThatThrownBy(() -> DrandJson.beacon("{\"round\":5}")).hasMessage("json: field signature missing (expected a string)");
        assertThatThrownBy(() -> DrandJson.beacon("{\"round\":-1,\"signature\":\"ab\"}")).hasMessageContaining("field round");
    }
}
