package io.kairos.domain.port.out;

import io.kairos.domain.campaign.CampaignPublication;
import io.kairos.domain.campaign.CampaignVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Published campaign versions, numbered from 1 in order of publication, each with its document, author and the
 * times it was published and takes effect. Version 0 (the configured campaigns) is never stored.
 */
public interface CampaignVersionStore {

    /** The audit subject of every campaign publication ({@link ExperimentRegistry#campaignAudit} reads them). */
    String AUDIT_SUBJECT = "campaigns";

    /**
     * Publishes a document as the next version under the rules of {@link CampaignPublication#next}, atomically with
     * respect to other publications, and records it in the audit trail.
     *
     * @param effectiveAt when it takes effect, or null for {@code now} plus {@code lead}
     * @throws io.kairos.domain.campaign.InvalidCampaignDefinition when the document does not validate
     * @throws CampaignPublication.Refused when a rule forbids it
     */
    CampaignVersion publish(String document, String author, Instant now, Instant effectiveAt, Duration lead);

    /** Every published version, oldest first. */
    List<CampaignVersion> history();

    /** The published version with this number. */
    Optional<CampaignVersion> find(int version);
}
