package org.jdrand.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.InvalidEncodingException;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.crypto.chain.InvalidBeaconException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdrand verify}: offline verification of one beacon against a chain's public key.
 * Exit 0 with {@code round N ok randomness <hex>}; 1 with the reason when the beacon does not
 * verify; 2 when the input is unusable (unreadable or malformed files, bad hex, unknown scheme,
 * a chain info whose hash does not recompute).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify a beacon offline against a chain's public key.",
            "Exit 0: valid; 1: does not verify; 2: unusable input."},
        exitCodeOnInvalidInput = VerifyCommand.EXIT_UNUSABLE,
        exitCodeOnExecutionException = VerifyCommand.EXIT_UNUSABLE)
public final class VerifyCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_INVALID = 1;
    static final int EXIT_UNUSABLE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--chain-info", paramLabel = "INFO.json",
            description = "JSON of a node's /info (v1 or v2 shape); its chain hash, if present, is recomputed and checked")
    Path chainInfo;

    @Option(names = "--public-key", paramLabel = "HEX", description = "group public key (hex), instead of --chain-info")
    String publicKey;

    @Option(names = "--scheme", paramLabel = "ID",
            description = "scheme ID with --public-key, e.g. pedersen-bls-chained or bls-bn254-unchained-on-g1")
    String scheme;

    @Parameters(paramLabel = "BEACON.json", arity = "0..1", description = "JSON of a beacon (v1 or v2), '-' for stdin")
    String beaconFile;

    @Option(names = "--round", paramLabel = "N", description = "round number, instead of BEACON.json")
    Long round;

    @Option(names = "--signature", paramLabel = "HEX", description = "beacon signature (hex), with --round")
    String signature;

    @Option(names = "--previous-signature", paramLabel = "HEX", description = "previous signature (hex), with --round")
    String previousSignature;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "BLS backend: blst or bouncycastle (default: system property jdrand.bls.backend, else blst)")
    String backendName;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ChainParams params;
        Beacon b;
        byte[] claimedRandomness;
        BeaconVerifier verifier;
        try {
            checkUsage();
            params = chainParams();
            Parsed parsed = beacon();
            b = parsed.beacon;
            claimedRandomness = parsed.randomness;
            BlsBackend backend = backendName != null ? BlsBackends.byName(backendName)
                    : BlsBackends.fromSystemProperty(notice -> err.println("verify: " + notice));
            verifier = verifier(backend, params);
        } catch (UnusableInputException | IllegalArgumentException | IllegalStateException e) {
            err.println("verify: " + e.getMessage());
            err.flush();
            return EXIT_UNUSABLE;
        }
        try {
            verifier.check(b);
        } catch (InvalidBeaconException e) {
            err.println("verify: " + e.getMessage());
            err.flush();
            return EXIT_INVALID;
        }
        byte[] randomness = b.randomness();
        if (claimedRandomness != null && !Arrays.equals(claimedRandomness, randomness)) {
            err.println("verify: beacon: round " + b.round() + ": randomness " + Hex.shortHex(claimedRandomness)
                    + " is not sha256(signature) (" + Hex.shortHex(randomness) + ")");
            err.flush();
            return EXIT_INVALID;
        }
        out.println("round " + b.round() + " ok randomness " + Hex.encode(randomness));
        out.flush();
        return EXIT_OK;
    }

    /** @param publicKeyFrom where the key came from, for error messages */
    private record ChainParams(Scheme scheme, byte[] publicKey, String publicKeyFrom) {}

    /** Hex of one named input: bad hex names the input ("--signature: hex: odd length 3"). */
    private static byte[] hex(String value, String what) throws UnusableInputException {
        try {
            return Hex.decode(value);
        } catch (InvalidEncodingException e) {
            throw new UnusableInputException(what + ": " + e.getMessage());
        }
    }

    /** The verifier; a key that is no point of the scheme's key group names where it came from. */
    private static BeaconVerifier verifier(BlsBackend backend, ChainParams params) throws UnusableInputException {
        try {
            return new BeaconVerifier(backend, params.scheme, params.publicKey);
        } catch (InvalidEncodingException e) {
            throw new UnusableInputException(params.publicKeyFrom + ": " + e.getMessage());
        }
    }

    private record Parsed(Beacon beacon, byte[] randomness) {}

    private void checkUsage() throws UnusableInputException {
        if ((chainInfo == null) == (publicKey == null)) {
            throw new UnusableInputException("usage: give either --chain-info or --public-key with --scheme");
        }
        if (publicKey != null && scheme == null) {
            throw new UnusableInputException("usage: --public-key needs --scheme");
        }
        if (chainInfo != null && scheme != null) {
            throw new UnusableInputException("usage: --scheme goes with --public-key; the chain info names its scheme");
        }
        boolean fields = round != null || signature != null || previousSignature != null;
        if ((beaconFile == null) == !fields) {
            throw new UnusableInputException("usage: give either BEACON.json (or -) or --round with --signature");
        }
        if (fields && (round == null || signature == null)) {
            throw new UnusableInputException("usage: --round and --signature go together");
        }
    }

    private ChainParams chainParams() throws UnusableInputException {
        if (publicKey != null) {
            return new ChainParams(Scheme.verifiableById(scheme), hex(publicKey, "--public-key"), "--public-key");
        }
        JsonNode info = readJson(chainInfo.toString(), "chain info");
        // v1: schemeID, groupHash, hash, metadata.beaconID; v2: scheme, genesis_seed, chain_hash, beacon_id
        Scheme scheme = Scheme.verifiableById(text(info, "schemeID", "scheme", ""));
        byte[] publicKey = hex(required(info, "chain info", "public_key"), "chain info: public_key");
        String hash = text(info, "hash", "chain_hash", null);
        if (hash != null) {
            String seed = text(info, "groupHash", "genesis_seed", null);
            if (seed == null) {
                throw new UnusableInputException("chain info: has a chain hash but no groupHash/genesis_seed to recompute it");
            }
            JsonNode meta = info.path("metadata");
            String beaconId = meta.has("beaconID") ? meta.get("beaconID").asText() : text(info, "beacon_id", "beacon_id", "");
            ChainInfo ci = new ChainInfo(publicKey, beaconId, intField(info, "period"), scheme,
                    longField(info, "genesis_time"), hex(seed, "chain info: groupHash/genesis_seed"));
            if (!ci.hashHex().equals(hash.toLowerCase(java.util.Locale.ROOT))) {
                throw new UnusableInputException("chain info: hash " + shorten(hash) + " does not match the recomputed "
                        + Hex.shortHex(ci.hash()));
            }
        }
        return new ChainParams(scheme, publicKey, "chain info: public_key");
    }

    private Parsed beacon() throws UnusableInputException {
        if (beaconFile == null) {
            byte[] prev = previousSignature == null ? null : hex(previousSignature, "--previous-signature");
            return new Parsed(new Beacon(round, hex(signature, "--signature"), prev), null);
        }
        JsonNode j = readJson(beaconFile, "beacon");
        JsonNode round = j.get("round");
        if (round == null || !round.canConvertToExactIntegral() || round.asLong(-1) < 0) {
            throw new UnusableInputException("beacon: missing or invalid round");
        }
        byte[] sig = hex(required(j, "beacon", "signature"), "beacon: signature");
        JsonNode prev = j.get("previous_signature");
        byte[] prevBytes = prev == null || prev.isNull() ? null : hex(prev.asText(), "beacon: previous_signature");
        JsonNode rnd = j.get("randomness");
        byte[] randomness = rnd == null || rnd.isNull() ? null : hex(rnd.asText(), "beacon: randomness");
        return new Parsed(new Beacon(round.asLong(), sig, prevBytes), randomness);
    }

    private JsonNode readJson(String file, String what) throws UnusableInputException {
        try {
            ObjectMapper json = new ObjectMapper(); // only here: the --round/--signature path loads no Jackson
            JsonNode node;
            if ("-".equals(file)) {
                InputStream in = System.in;
                node = json.readTree(in);
            } else {
                node = json.readTree(Files.readAllBytes(Path.of(file)));
            }
            if (node == null || !node.isObject()) {
                throw new UnusableInputException(what + ": " + file + ": not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UnusableInputException(what + ": " + file + ": invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnusableInputException(what + ": cannot read " + file + ": " + e);
        }
    }

    private static String text(JsonNode n, String v1, String v2, String dflt) {
        JsonNode a = n.get(v1);
        if (a != null && !a.isNull()) {
            return a.asText();
        }
        JsonNode b = n.get(v2);
        return b != null && !b.isNull() ? b.asText() : dflt;
    }

    private static String required(JsonNode n, String what, String field) throws UnusableInputException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || !v.isTextual()) {
            throw new UnusableInputException(what + ": missing " + field);
        }
        return v.asText();
    }

    private static int intField(JsonNode n, String field) throws UnusableInputException {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new UnusableInputException("chain info: missing or invalid " + field);
        }
        return v.asInt();
    }

    private static long longField(JsonNode n, String field) throws UnusableInputException {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new UnusableInputException("chain info: missing or invalid " + field);
        }
        return v.asLong();
    }

    private static String shorten(String s) {
        return s.length() <= 8 ? s : s.substring(0, 8) + "…";
    }

    /** Input that cannot be used at all (exit 2), as opposed to a beacon that does not verify. */
    static final class UnusableInputException extends Exception {
        private static final long serialVersionUID = 1L;

        UnusableInputException(String message) {
            super(message);
        }
    }
}
