package io.kairos.domain.campaign;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The published campaign versions, oldest first, read as a marketer reads them: which one is in force at an instant,
 * which are scheduled or superseded, and what changed from one to another.
 */
public record CampaignHistory(List<CampaignVersion> versions) {

    /** Where a version stands at an instant. */
    public enum State {
        /** Its effective time has not come. */
        SCHEDULED("scheduled"),
        /** The latest version whose effective time has come. */
        IN_FORCE("in force"),
        /** A later version's effective time has come. */
        SUPERSEDED("superseded");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** The state as the CLI and the API print it. */
        public String label() {
            return label;
        }
    }

    public CampaignHistory {
        versions = List.copyOf(versions);
        for (int i = 1; i < versions.size(); i++) {
            if (versions.get(i).number() <= versions.get(i - 1).number()) {
                throw new IllegalArgumentException("campaign versions must be in order of publication");
            }
        }
    }

    /** The state at {@code now} of the version at {@code index}. */
    public State stateOf(int index, Instant now) {
        Objects.requireNonNull(now, "now");
        CampaignVersion version = versions.get(index);
        if (version.effectiveAt().isAfter(now)) {
            return State.SCHEDULED;
        }
        boolean superseded = index + 1 < versions.size()
                && !versions.get(index + 1).effectiveAt().isAfter(now);
        return superseded ? State.SUPERSEDED : State.IN_FORCE;
    }

    /** The latest published version, if any. */
    public Optional<CampaignVersion> latest() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /**
     * The unified diff (three lines of context, headers {@code version N}) from one version's document to another's;
     * empty when the documents are identical line by line.
     */
    public static List<String> unifiedDiff(CampaignVersion from, CampaignVersion to) {
        List<String> original = from.document().lines().toList();
        List<String> revised = to.document().lines().toList();
        Patch<String> patch = DiffUtils.diff(original, revised);
        if (patch.getDeltas().isEmpty()) {
            return List.of();
        }
        return UnifiedDiffUtils.generateUnifiedDiff(
                "version " + from.number(), "version " + to.number(), original, patch, 3);
    }
}
