package org.jdrand.node.key;

/** drand node addresses are {@code host:port} (no scheme, no path); IPv6 hosts in brackets. */
public final class NodeAddress {
    private NodeAddress() {}

    /**
     * Returns {@code address} if it is host:port with a port in 1..65535.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String requireValid(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("address: empty (expected host:port)");
        }
        if (address.contains("://") || address.contains("/") || address.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("address: \"" + address + "\" (expected host:port, without scheme or path)");
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("address: \"" + address + "\" has no port (expected host:port)");
        }
        String host = address.substring(0, colon);
        if (host.contains(":") && !(host.startsWith("[") && host.endsWith("]"))) {
            throw new IllegalArgumentException("address: \"" + address + "\" (expected [ipv6]:port for IPv6 hosts)");
        }
        String port = address.substring(colon + 1);
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address: port \"" + port + "\" (expected a number 1..65535)");
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("address: port " + p + " (expected 1..65535)");
        }
        return address;
    }
}
