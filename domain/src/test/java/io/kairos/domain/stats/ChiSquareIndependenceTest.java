package io.kairos.domain.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChiSquareIndependenceTest {

    @Test
    void givenAThreeByThreeTable_whenTested_thenMatchesRsChisqTestWithoutCorrection() {
        // R 4.2.2: m <- matrix(c(12, 5, 7, 9, 11, 6, 4, 8, 10), nrow = 3); r <- chisq.test(m, correct = FALSE)
        //   sprintf("%.10f %.0f %.10f", r$statistic, r$parameter, r$p.value) -> 7.1156658559 4 0.1299006109
        // (R fills by column: rows are (12, 9, 4), (5, 11, 8), (7, 6, 10))
        ChiSquareIndependence result = ChiSquareIndependence.test(new long[][] {{12, 9, 4}, {5, 11, 8}, {7, 6, 10}});

        assertThat(result.chiSquare()).isCloseTo(7.1156658559, within(1e-9));
        assertThat(result.degreesOfFreedom()).isEqualTo(4);
        assertThat(result.pValue()).isCloseTo(0.1299006109, within(1e-9));
    }

    @Test
    void givenATwoByTwoTable_whenTested_thenMatchesR() {
        // R 4.2.2: chisq.test(matrix(c(30, 10, 20, 40), nrow = 2, byrow = TRUE), correct = FALSE)
        //   sprintf("%.10f %.0f %.12f", r$statistic, r$parameter, r$p.value) -> 16.6666666667 1 0.000044557091
        ChiSquareIndependence result = ChiSquareIndependence.test(new long[][] {{30, 10}, {20, 40}});

        assertThat(result.chiSquare()).isCloseTo(16.6666666667, within(1e-9));
        assertThat(result.pValue()).isCloseTo(0.000044557091, within(1e-12));
    }

    @Test
    void givenBadTables_whenTested_thenRefusedSayingWhy() {
        assertThatThrownBy(() -> ChiSquareIndependence.test(new long[][] {{1, 2}}))
                .hasMessageContaining("at least 2 rows and 2 columns");
        assertThatThrownBy(() -> ChiSquareIndependence.test(new long[][] {{1, 2}, {3}}))
                .hasMessageContaining("row 1 has 1 columns, not 2");
        assertThatThrownBy(() -> ChiSquareIndependence.test(new long[][] {{0, 2}, {0, 3}}))
                .hasMessageContaining("column 0 is empty");
        assertThatThrownBy(() -> ChiSquareIndependence.test(new long[][] {{-1, 2}, {1, 3}}))
                .hasMessageContaining("negative");
    }
}
