package org.jdrand.dkg;

/** A share holder's verdict on one dealer ({@code dkg.Response}): true = success, false = complaint. */
public record Response(int dealerIndex, boolean success) {}
