package io.kairos.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Lists the experiments with their descriptions and arms' weights, for the dashboard's experiment picker (one query
 * for all; a single experiment is read through {@code ExperimentStore}).
 */
public final class ExperimentCatalog {

    private static final String LIST_SQL = """
            select x.experiment_key, x.description, a.arm, a.weight
            from experiment x left join experiment_arm a on a.experiment_key = x.experiment_key
            order by x.experiment_key, case a.arm when 'control' then 0 when 'batch' then 1 else 2 end, a.arm
            """;

    /**
     * One experiment.
     *
     * @param key the experiment's key
     * @param description its description; null when none was given
     * @param weights arm weights in bucket order: control, batch, then the other arms by name (arms it lacks left out)
     */
    public record Entry(String key, String description, Map<String, Integer> weights) {}

    private final DataSource dataSource;

    /** Reads from the given database. */
    public ExperimentCatalog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every experiment, in key order. */
    public List<Entry> list() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(LIST_SQL);
                ResultSet rows = statement.executeQuery()) {
            Map<String, String> descriptions = new LinkedHashMap<>();
            Map<String, Map<String, Integer>> weights = new LinkedHashMap<>();
            while (rows.next()) {
                String key = rows.getString(1);
                descriptions.put(key, rows.getString(2));
                Map<String, Integer> arms = weights.computeIfAbsent(key, k -> new LinkedHashMap<>());
                if (rows.getString(3) != null) {
                    arms.put(rows.getString(3), rows.getInt(4));
                }
            }
            List<Entry> entries = new ArrayList<>();
            descriptions.forEach((key, description) ->
                    entries.add(new Entry(key, description, Collections.unmodifiableMap(weights.get(key)))));
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the experiments: " + e.getMessage(), e);
        }
    }
}
