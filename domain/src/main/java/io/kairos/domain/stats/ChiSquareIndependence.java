package io.kairos.domain.stats;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Pearson's chi-square test of independence of an r × c contingency table (R's {@code chisq.test(m, correct =
 * FALSE)}): χ² = Σ (observed − expected)² / expected with expected = row total × column total / N, on (r − 1)(c − 1)
 * degrees of freedom. Used to check that two experiments on the same traffic assign independently.
 *
 * @param chiSquare the statistic
 * @param degreesOfFreedom (r − 1)(c − 1)
 * @param pValue the upper tail of χ² on those degrees of freedom
 */
public record ChiSquareIndependence(double chiSquare, int degreesOfFreedom, double pValue) {

    /**
     * Tests {@code counts} ({@code counts[row][column]}, at least 2 × 2, every row and column total positive).
     *
     * @throws IllegalArgumentException for a ragged or too small table, a negative count or an empty row or column
     */
    public static ChiSquareIndependence test(long[][] counts) {
        if (counts.length < 2 || counts[0].length < 2) {
            throw new IllegalArgumentException("a contingency table needs at least 2 rows and 2 columns");
        }
        int rows = counts.length;
        int columns = counts[0].length;
        double[] rowTotals = new double[rows];
        double[] columnTotals = new double[columns];
        double total = 0;
        for (int i = 0; i < rows; i++) {
            if (counts[i].length != columns) {
                throw new IllegalArgumentException(
                        "row " + i + " has " + counts[i].length + " columns, not " + columns);
            }
            for (int j = 0; j < columns; j++) {
                if (counts[i][j] < 0) {
                    throw new IllegalArgumentException("count [" + i + "][" + j + "] is negative: " + counts[i][j]);
                }
                rowTotals[i] += counts[i][j];
                columnTotals[j] += counts[i][j];
                total += counts[i][j];
            }
        }
        for (int i = 0; i < rows; i++) {
            if (rowTotals[i] == 0) {
                throw new IllegalArgumentException("row " + i + " is empty");
            }
        }
        for (int j = 0; j < columns; j++) {
            if (columnTotals[j] == 0) {
                throw new IllegalArgumentException("column " + j + " is empty");
            }
        }
        double chiSquare = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                double expected = rowTotals[i] * columnTotals[j] / total;
                double difference = counts[i][j] - expected;
                chiSquare += difference * difference / expected;
            }
        }
        int df = (rows - 1) * (columns - 1);
        return new ChiSquareIndependence(
                chiSquare, df, ChiSquaredDistribution.of(df).survivalProbability(chiSquare));
    }
}
