package io.kairos.persistence.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * One multi-row write: a statement that unnests one array parameter per column. Alone it runs as itself; in the
 * unit of work several run as the data-modifying common table expressions of a single statement, so a whole poll
 * batch's writes cost one round trip.
 *
 * @param sql an INSERT or DELETE (possibly with RETURNING) whose parameters are all in {@code parameters}
 * @param parameters the values of its {@code ?} placeholders, in order
 */
record BulkWrite(String sql, List<Object> parameters) {

    BulkWrite {
        parameters = List.copyOf(parameters);
    }

    /** Runs this write alone. */
    void execute(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, 1);
            statement.execute();
        }
    }

    /** Binds this write's parameters from {@code first} on and returns the next free index. */
    int bind(PreparedStatement statement, int first) throws SQLException {
        int index = first;
        for (Object parameter : parameters) {
            statement.setObject(index++, parameter);
        }
        return index;
    }
}
