package io.kairos.domain.campaign;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One version of the campaign set: a published campaign document (number 1 and up), or version 0, the configured
 * file or built-in defaults that were never published.
 *
 * @param number the version number: 0 for the unpublished configuration, 1 and up in order of publication
 * @param document the campaign document's text (see {@code docs/campaigns.md}); for version 0 the configured text,
 *     or empty when it is not known
 * @param sha256 the lowercase hex SHA-256 of the document's UTF-8 bytes
 * @param author who published it ({@code configuration} for version 0)
 * @param publishedAt when it was published ({@link Instant#MIN} for version 0)
 * @param effectiveAt the event time from which it is in force ({@link Instant#MIN} for version 0)
 * @param catalog the parsed campaigns and segments
 */
public record CampaignVersion(
        int number,
        String document,
        String sha256,
        String author,
        Instant publishedAt,
        Instant effectiveAt,
        CampaignCatalog catalog) {

    /** The author recorded for version 0. */
    public static final String CONFIGURATION = "configuration";

    public CampaignVersion {
        if (number < 0) {
            throw new IllegalArgumentException("a campaign version number is 0 or more, was " + number);
        }
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
        Objects.requireNonNull(catalog, "catalog");
        if (number > 0 && effectiveAt.equals(Instant.MIN)) {
            throw new IllegalArgumentException("a published campaign version needs an effective time");
        }
    }

    /** Version 0: the configured campaigns, in force from the beginning of time until a version is published. */
    public static CampaignVersion unpublished(CampaignCatalog catalog, String document) {
        return new CampaignVersion(0, document, sha256(document), CONFIGURATION, Instant.MIN, Instant.MIN, catalog);
    }

    /**
     * A published version read from its document; throws {@link InvalidCampaignDefinition} listing every problem
     * if the document does not parse.
     */
    public static CampaignVersion published(
            int number, String document, String author, Instant publishedAt, Instant effectiveAt) {
        if (number < 1) {
            throw new IllegalArgumentException("a published campaign version is numbered from 1, was " + number);
        }
        return new CampaignVersion(
                number, document, sha256(document), author, publishedAt, effectiveAt, CampaignFile.parse(document));
    }

    /** The lowercase hex SHA-256 of a text's UTF-8 bytes. */
    public static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
