package org.jdrand.tlock;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.InvalidBeaconException;

/**
 * Unwraps the age file key from a tlock stanza of this chain: checks the stanza, that its round is
 * due, fetches the round's beacon, verifies it against the chain's key, then opens the IBE
 * ciphertext with the signature.
 */
public final class TlockIdentity implements RecipientStanzaReader {
    static final int FILE_KEY_BYTES = 16;

    private final Ibe ibe;
    private final TlockChain chain;
    private final BeaconSource beacons;
    private final Clock clock;

    public TlockIdentity(Ibe ibe, TlockChain chain, BeaconSource beacons, Clock clock) {
        this.ibe = ibe;
        this.chain = chain;
        this.beacons = beacons;
        this.clock = clock;
    }

    /**
     * Opens the first tlock stanza of this chain; as drand/tlock, stanzas of other chains (a file
     * may be timelocked to several) are skipped, and only if none is ours does that fail.
     */
    @Override
    public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
        List<String> types = new ArrayList<>();
        GeneralSecurityException skipped = null;
        for (RecipientStanza stanza : stanzas) {
            types.add(stanza.getType());
            if (!TlockStanza.TYPE.equals(stanza.getType())) {
                continue;
            }
            List<String> args = stanza.getArguments();
            if (args.size() != 2) {
                skipped = new TlockFormatException("tlock: stanza with " + args.size() + " arguments (expected 2: round and chain hash)");
            } else if (!args.get(1).equalsIgnoreCase(chain.hashHex())) {
                skipped = new TlockFormatException("tlock: ciphertext for chain " + Hex.shortHex(args.get(1))
                        + " (expected " + Hex.shortHex(chain.hashHex()) + ")");
            } else {
                return unwrap(stanza);
            }
        }
        if (skipped != null) {
            throw skipped;
        }
        throw new TlockFormatException("tlock: no tlock stanza in the header (found: " + String.join(", ", types) + ")");
    }

    private FileKey unwrap(RecipientStanza stanza) throws GeneralSecurityException {
        List<String> args = stanza.getArguments();
        long round;
        try {
            round = Long.parseUnsignedLong(args.get(0));
        } catch (NumberFormatException e) {
            throw new TlockFormatException("tlock: stanza round \"" + shorten(args.get(0)) + "\" is not a number");
        }
        if (round == 0 || round < 0) {
            throw new TlockFormatException("tlock: stanza round " + Long.toUnsignedString(round) + " out of range");
        }
        IbeCiphertext ciphertext;
        try {
            ciphertext = IbeCiphertext.fromBytes(chain.scheme(), stanza.getBody(), FILE_KEY_BYTES);
        } catch (IllegalArgumentException e) {
            throw new TlockFormatException("tlock: stanza body: " + e.getMessage());
        }
        Instant now = clock.instant();
        Instant due = chain.timeOfRound(round);
        if (now.isBefore(due)) {
            throw new TooEarlyException(round, due, now);
        }
        Beacon beacon;
        try {
            beacon = beacons.beacon(round);
        } catch (IOException e) {
            throw new BeaconUnavailableException("tlock: beacon of round " + round + ": " + e.getMessage(), e);
        }
        if (beacon.round() != round) {
            throw new BeaconUnavailableException("tlock: beacon of round " + beacon.round() + " (expected round " + round + ")", null);
        }
        Point signature;
        try {
            BeaconVerifier.forChain(ibe.backend(chain.scheme()), chain.info()).check(beacon);
            signature = ibe.backend(chain.scheme()).decode(chain.scheme().identityGroup(), beacon.signature());
        } catch (InvalidBeaconException | InvalidEncodingException e) {
            throw new IbeDecryptionException("tlock: wrong beacon for chain " + Hex.shortHex(chain.hashHex())
                    + ": " + e.getMessage(), e);
        }
        return new FileKey(ibe.decrypt(chain.scheme(), signature, ciphertext));
    }

    private static String shorten(String s) {
        return s.length() <= 24 ? s : s.substring(0, 24) + "…";
    }

    /** No tlock stanza of this chain, or a malformed one. */
    public static final class TlockFormatException extends GeneralSecurityException {
        private static final long serialVersionUID = 1L;

        TlockFormatException(String message) {
            super(message);
        }
    }

    /** The beacon source could not give the round's beacon. */
    public static final class BeaconUnavailableException extends GeneralSecurityException {
        private static final long serialVersionUID = 1L;

        BeaconUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
