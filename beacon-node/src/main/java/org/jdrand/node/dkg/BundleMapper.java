package org.jdrand.node.dkg;

import com.google.protobuf.ByteString;
import java.util.List;
import org.jdrand.dkg.Deal;
import org.jdrand.dkg.DealBundle;
import org.jdrand.dkg.DkgBundle;
import org.jdrand.dkg.Justification;
import org.jdrand.dkg.JustificationBundle;
import org.jdrand.dkg.Response;
import org.jdrand.dkg.ResponseBundle;
import org.jdrand.proto.dkg.Packet;
import org.jdrand.proto.drand.Metadata;

/** kyber bundles to and from {@code dkg.Packet}. */
final class BundleMapper {
    private BundleMapper() {}

    static Packet toPacket(DkgBundle bundle, String beaconId) {
        Packet.Builder p = Packet.newBuilder().setMetadata(Metadata.newBuilder().setBeaconID(beaconId));
        if (bundle instanceof DealBundle d) {
            p.setDeal(org.jdrand.proto.dkg.DealBundle.newBuilder()
                    .setDealerIndex(d.dealerIndex())
                    .addAllCommits(d.commits().stream().map(ByteString::copyFrom).toList())
                    .addAllDeals(d.deals().stream().map(x -> org.jdrand.proto.dkg.Deal.newBuilder()
                            .setShareIndex(x.shareIndex()).setEncryptedShare(ByteString.copyFrom(x.encryptedShare()))
                            .build()).toList())
                    .setSessionId(ByteString.copyFrom(d.sessionId()))
                    .setSignature(ByteString.copyFrom(d.signature())));
        } else if (bundle instanceof ResponseBundle r) {
            p.setResponse(org.jdrand.proto.dkg.ResponseBundle.newBuilder()
                    .setShareIndex(r.shareIndex())
                    .addAllResponses(r.responses().stream().map(x -> org.jdrand.proto.dkg.Response.newBuilder()
                            .setDealerIndex(x.dealerIndex()).setStatus(x.success()).build()).toList())
                    .setSessionId(ByteString.copyFrom(r.sessionId()))
                    .setSignature(ByteString.copyFrom(r.signature())));
        } else if (bundle instanceof JustificationBundle j) {
            p.setJustification(org.jdrand.proto.dkg.JustificationBundle.newBuilder()
                    .setDealerIndex(j.dealerIndex())
                    .addAllJustifications(j.justifications().stream().map(x -> org.jdrand.proto.dkg.Justification
                            .newBuilder().setShareIndex(x.shareIndex()).setShare(ByteString.copyFrom(x.share()))
                            .build()).toList())
                    .setSessionId(ByteString.copyFrom(j.sessionId()))
                    .setSignature(ByteString.copyFrom(j.signature())));
        }
        return p.build();
    }

    /** @throws IllegalArgumentException for an empty or malformed packet */
    static DkgBundle fromPacket(Packet p) {
        return switch (p.getBundleCase()) {
            case DEAL -> {
                var d = p.getDeal();
                List<Deal> deals = d.getDealsList().stream()
                        .map(x -> new Deal(x.getShareIndex(), x.getEncryptedShare().toByteArray())).toList();
                yield new DealBundle(d.getDealerIndex(), d.getCommitsList().stream().map(ByteString::toByteArray).toList(),
                        deals, d.getSessionId().toByteArray(), d.getSignature().toByteArray());
            }
            case RESPONSE -> {
                var r = p.getResponse();
                List<Response> rs = r.getResponsesList().stream()
                        .map(x -> new Response(x.getDealerIndex(), x.getStatus())).toList();
                yield new ResponseBundle(r.getShareIndex(), rs, r.getSessionId().toByteArray(),
                        r.getSignature().toByteArray());
            }
            case JUSTIFICATION -> {
                var j = p.getJustification();
                List<Justification> js = j.getJustificationsList().stream()
                        .map(x -> new Justification(x.getShareIndex(), x.getShare().toByteArray())).toList();
                yield new JustificationBundle(j.getDealerIndex(), js, j.getSessionId().toByteArray(),
                        j.getSignature().toByteArray());
            }
            case BUNDLE_NOT_SET -> throw new IllegalArgumentException("dkg packet: no bundle");
        };
    }
}
