package io.kairos.domain.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules a new campaign version must satisfy before it is stored: its document validates, it differs from the
 * latest version, and it takes effect neither in the past (a switch in the past would contradict decisions already
 * made under the version then in force) nor at or before the latest version's effective time (versions come into
 * force in the order they are numbered).
 */
public final class CampaignPublication {

    /**
     * How long after publication a version takes effect when no effective time is given: longer than the furthest an
     * accepted event may be dated ahead of the clock (5 minutes by default) plus the consumer's refresh interval, so
     * the real-time consumer knows the version before it sees an event dated at its effective time.
     */
    public static final Duration DEFAULT_LEAD = Duration.ofMinutes(6);

    private CampaignPublication() {}

    /**
     * The version that publishing {@code document} makes, after {@code latest}.
     *
     * @param effectiveAt when it takes effect, or null for {@code now} plus {@code lead}
     * @throws InvalidCampaignDefinition listing every problem when the document does not validate
     * @throws Refused when a rule forbids it, with a sentence saying why
     */
    public static CampaignVersion next(
            Optional<CampaignVersion> latest,
            String document,
            String author,
            Instant now,
            Instant effectiveAt,
            Duration lead) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(lead, "lead");
        if (author == null || author.isBlank()) {
            throw new Refused("a campaign version needs an author; give --author NAME");
        }
        CampaignCatalog catalog = CampaignFile.parse(document);
        Instant effective = effectiveAt == null ? now.plus(lead) : effectiveAt;
        if (effective.isBefore(now)) {
            throw new Refused("effective time " + effective + " is in the past (now " + now
                    + "): a switch in the past would contradict decisions already made under the version then in"
                    + " force; choose a time from now on");
        }
        int number = 1;
        if (latest.isPresent()) {
            CampaignVersion previous = latest.get();
            number = previous.number() + 1;
            if (previous.sha256().equals(CampaignVersion.sha256(document))) {
                throw new Refused("the document is identical to version " + previous.number()
                        + ", the latest published; nothing to publish");
            }
            if (!effective.isAfter(previous.effectiveAt())) {
                throw new Refused("effective time " + effective + " is not after version " + previous.number()
                        + "'s (" + previous.effectiveAt() + "): versions come into force in the order they are"
                        + " published; choose a later time");
            }
        }
        return new CampaignVersion(
                number, document, CampaignVersion.sha256(document), author.strip(), now, effective, catalog);
    }

    /** A publication a rule forbids; the message says why and what to do instead. */
    public static final class Refused extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        /** A refusal with its sentence. */
        public Refused(String message) {
            super(message);
        }
    }
}
