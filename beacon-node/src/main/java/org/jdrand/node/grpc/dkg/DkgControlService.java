package org.jdrand.node.grpc.dkg;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.jdrand.node.dkg.DkgCommand;
import org.jdrand.node.dkg.DkgProcess;
import org.jdrand.node.dkg.DkgStateFile;
import org.jdrand.proto.dkg.DKGCommand;
import org.jdrand.proto.dkg.DKGControlGrpc;
import org.jdrand.proto.dkg.DKGStatusRequest;
import org.jdrand.proto.dkg.DKGStatusResponse;
import org.jdrand.proto.dkg.EmptyDKGResponse;

/** dkg.DKGControl on the localhost control listener: operator commands and status. */
public final class DkgControlService extends DKGControlGrpc.DKGControlImplBase {
    private final DkgProcess process;

    public DkgControlService(DkgProcess process) {
        this.process = process;
    }

    @Override
    public void command(DKGCommand req, StreamObserver<EmptyDKGResponse> obs) {
        try {
            DkgCommand cmd = DkgWire.command(req);
            process.command(cmd);
            obs.onNext(EmptyDKGResponse.getDefaultInstance());
            obs.onCompleted();
        } catch (DkgProcess.DkgException | IllegalArgumentException e) {
            obs.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asException());
        }
    }

    @Override
    public void dKGStatus(DKGStatusRequest req, StreamObserver<DKGStatusResponse> obs) {
        try {
            DkgStateFile.Entries es = process.status(req.getBeaconID());
            DKGStatusResponse.Builder b = DKGStatusResponse.newBuilder().setCurrent(DkgWire.toStatus(es.current()));
            if (es.finished() != null) {
                b.setComplete(DkgWire.toStatus(es.finished()));
            }
            obs.onNext(b.build());
            obs.onCompleted();
        } catch (DkgProcess.DkgException e) {
            obs.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asException());
        }
    }
}
