package io.kairos.domain.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The published test vectors of docs/experiment-assignment.md. */
class AssignmentVectorsTest {

    private static final Experiment EXPERIMENT = Experiment.batchVersusRealtime("checkout-2026", "s3cr3t-salt");

    /** Computed with Python 3 hashlib, see docs/experiment-assignment.md. */
    private static final String VECTORS = """
            user-1,6513,realtime
            user-2,1942,batch
            user-3,9554,realtime
            user-4,8226,realtime
            user-5,4551,batch
            user-6,3270,batch
            user-7,756,control
            user-8,8354,realtime
            user-9,1093,batch
            user-10,8924,realtime
            user-11,3288,batch
            user-12,7226,realtime
            user-13,7944,realtime
            user-14,2782,batch
            user-15,8165,realtime
            user-16,3578,batch
            user-17,7277,realtime
            user-18,4938,batch
            user-19,8951,realtime
            user-20,561,control
            alice,7666,realtime
            bob,7086,realtime
            niaj,767,control
            olivia,281,control
            carol@example.com,9434,realtime
            Zoë,7259,realtime
            用户-7,6224,realtime
            00000000-0000-0000-0000-000000000000,4198,batch
            """;

    @Test
    void givenPublishedVectors_whenAssigned_thenBucketAndArmMatch() {
        for (String line : VECTORS.strip().split("\n")) {
            String[] row = line.split(",");
            ArmAssignment assignment = EXPERIMENT.assign(row[0]);
            assertThat(assignment.bucket()).as(row[0]).isEqualTo(Integer.parseInt(row[1]));
            assertThat(assignment.arm().name()).as(row[0]).isEqualTo(row[2]);
        }
    }

    @ParameterizedTest
    @CsvSource({"other-exp, salt-2, alice, 7737", "checkout-2026, another-salt, alice, 7590"})
    void givenOtherKeyOrSalt_whenHashed_thenPublishedBucket(String key, String salt, String user, int bucket) {
        assertThat(BucketHash.bucket(key, salt, user)).isEqualTo(bucket);
    }

    /** Layer buckets, computed with Python 3 hashlib as sha256("layer:checkout:" + user); see the docs' layer table. */
    @ParameterizedTest
    @CsvSource({
        "user-1, 7204, false",
        "user-2, 489, true",
        "user-3, 2954, true",
        "user-7, 7012, false",
        "alice, 1844, true",
        "bob, 8664, false",
        "Zoë, 5023, false"
    })
    void givenTheLayerVectors_whenHashed_thenPublishedLayerBucketAndEnrolment(String user, int bucket, boolean first) {
        Experiment checkout = Experiment.batchVersusRealtime("checkout-2026", "s3cr3t-salt")
                .inLayer(LayerRange.parse("checkout:0-5000"));
        Experiment upsell = Experiment.batchVersusRealtime("upsell-2026", "u-salt")
                .inLayer(LayerRange.parse("checkout:5000-10000"));

        assertThat(LayerRange.bucketOf("checkout", user)).isEqualTo(bucket);
        assertThat(checkout.enrols(user)).isEqualTo(first);
        assertThat(upsell.enrols(user)).isEqualTo(!first);
    }

    @Test
    void givenTheDocumentation_whenItsVectorTableIsRead_thenItMatchesTheTestedVectors() throws IOException {
        Path doc = Path.of("..", "docs", "experiment-assignment.md");
        List<String> documented = new ArrayList<>();
        for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
            String[] cells = line.split("\\|");
            if (cells.length == 4
                    && cells[2].strip().matches("\\d+")
                    && cells[3].strip().matches("[a-z]+")) {
                documented.add(cells[1].strip() + "," + cells[2].strip() + "," + cells[3].strip());
            }
        }

        assertThat(documented).containsExactlyElementsOf(List.of(VECTORS.strip().split("\n")));
    }

    @Test
    void givenStandardWeights_whenBucketsMapToArms_thenRangesFollowTheWeights() {
        assertThat(EXPERIMENT.armOf(0).name()).isEqualTo("control");
        assertThat(EXPERIMENT.armOf(999).name()).isEqualTo("control");
        assertThat(EXPERIMENT.armOf(1000).name()).isEqualTo("batch");
        assertThat(EXPERIMENT.armOf(5499).name()).isEqualTo("batch");
        assertThat(EXPERIMENT.armOf(5500).name()).isEqualTo("realtime");
        assertThat(EXPERIMENT.armOf(9999).name()).isEqualTo("realtime");
        assertThat(EXPERIMENT.expectedShare(1)).isEqualTo(0.45);
    }
}
