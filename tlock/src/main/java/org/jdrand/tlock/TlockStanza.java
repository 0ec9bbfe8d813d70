package org.jdrand.tlock;

import com.exceptionfactory.jagged.RecipientStanza;
import java.util.List;

/** {@code -> tlock <round> <chain hash hex>} with body U ‖ V ‖ W (drand/tlock tlock_age.go). */
final class TlockStanza implements RecipientStanza {
    static final String TYPE = "tlock";

    private final List<String> arguments;
    private final byte[] body;

    TlockStanza(long round, String chainHashHex, byte[] body) {
        this.arguments = List.of(Long.toUnsignedString(round), chainHashHex);
        this.body = body.clone();
    }

    @Override
    public String getType() {
        return TYPE;
    }

    @Override
    public List<String> getArguments() {
        return arguments;
    }

    @Override
    public byte[] getBody() {
        return body.clone();
    }
}
