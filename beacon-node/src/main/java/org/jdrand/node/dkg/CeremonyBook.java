package org.jdrand.node.dkg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdrand.node.dkg.DkgProcess.DkgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per beacon ID, the current and the last finished ceremony, written to {@link DkgStateFile}
 * after every change. Confined to the ceremony's owner thread.
 */
final class CeremonyBook {
    private static final Logger LOG = LoggerFactory.getLogger(CeremonyBook.class);

    private final DkgStateFile file;
    private final Map<String, DkgStateFile.Entries> entries = new LinkedHashMap<>();
    private java.util.function.Consumer<DkgEntry> onChange = e -> { };

    CeremonyBook(Path folder) {
        this.file = new DkgStateFile(folder);
    }

    /** Told of every entry that becomes current (metrics). */
    void onChange(java.util.function.Consumer<DkgEntry> listener) {
        this.onChange = listener;
    }

    Path file() {
        return file.file();
    }

    void load() throws IOException {
        entries.putAll(file.load());
    }

    List<String> beaconIds() {
        return List.copyOf(entries.keySet());
    }

    DkgStateFile.Entries entries(String id) {
        return entries.computeIfAbsent(id, k -> new DkgStateFile.Entries(DkgEntry.fresh(k), null));
    }

    DkgEntry current(String id) {
        return entries(id).current();
    }

    /** Replaces the current ceremony, keeping the last finished one. */
    void put(DkgEntry e) {
        DkgStateFile.Entries old = entries(e.beaconId());
        entries.put(e.beaconId(), new DkgStateFile.Entries(e, old.finished()));
        onChange.accept(e);
    }

    /** A completed ceremony is both the current and the last finished one. */
    void complete(DkgEntry done) {
        entries.put(done.beaconId(), new DkgStateFile.Entries(done, done));
        onChange.accept(done);
    }

    void persist() throws DkgException {
        try {
            file.save(entries);
        } catch (IOException e) {
            throw new DkgException("dkg state: cannot write " + file.file() + ": " + e.getMessage());
        }
    }

    void persistQuietly() {
        try {
            persist();
        } catch (DkgException e) {
            LOG.error("dkg state not saved error={}", e.getMessage());
        }
    }
}
