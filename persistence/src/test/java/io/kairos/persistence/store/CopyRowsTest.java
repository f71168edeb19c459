package io.kairos.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The COPY text format as PostgreSQL's documentation ("COPY", File Formats, Text Format) defines its escapes. */
class CopyRowsTest {

    @Test
    void givenTextWithTheFormatsSpecialCharacters_whenWritten_thenEachIsEscapedAndTheRestCopiedAsIs() {
        CopyRows rows = new CopyRows(64);

        rows.text("{\"a\":\"b\\\\c\"}")
                .text("tab\there")
                .text("line\nbreak\rend")
                .text(null)
                .text("plain é")
                .endRow();

        assertThat(new String(rows.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":\"b\\\\\\\\c\"}\ttab\\there\tline\\nbreak\\rend\t\\N\tplain é\n");
        assertThat(rows.rows()).isEqualTo(1);
    }
}
