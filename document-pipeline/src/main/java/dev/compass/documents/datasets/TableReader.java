package dev.compass.documents.datasets;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads CSV (RFC 4180, comma or semicolon) and the first sheet of XLSX/XLS into rows of strings. */
final class TableReader {
    private TableReader() {
    }

    static List<List<String>> read(byte[] bytes, String fileName) throws IOException {
        String name = fileName == null ? "" : fileName.toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".xlsx") || name.endsWith(".xls") || isZipOrOle(bytes)) return readWorkbook(bytes);
        return readCsv(new String(bytes, StandardCharsets.UTF_8));
    }

    private static boolean isZipOrOle(byte[] b) {
        return b.length > 4 && ((b[0] == 'P' && b[1] == 'K') || (b[0] == (byte) 0xD0 && b[1] == (byte) 0xCF));
    }

    static List<List<String>> readCsv(String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        int nl = text.indexOf('\n');
        String first = nl < 0 ? text : text.substring(0, nl);
        char sep = first.chars().filter(c -> c == ';').count() > first.chars().filter(c -> c == ',').count() ? ';' : ',';
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') { cell.append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.append(c);
            } else if (c == '"') {
                quoted = true;
            } else if (c == sep) {
                row.add(cell.toString().strip());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                row.add(cell.toString().strip());
                cell.setLength(0);
                if (!(row.size() == 1 && row.get(0).isEmpty())) rows.add(row);
                row = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            row.add(cell.toString().strip());
            rows.add(row);
        }
        return rows;
    }

    private static List<List<String>> readWorkbook(byte[] bytes) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        DataFormatter fmt = new DataFormatter(java.util.Locale.ROOT);
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(bytes))) {
            Sheet sheet = wb.getSheetAt(0);
            for (Row r : sheet) {
                List<String> out = new ArrayList<>();
                for (int c = 0; c < r.getLastCellNum(); c++) {
                    Cell cell = r.getCell(c);
                    if (cell == null) out.add("");
                    else if (cell.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
                        out.add(cell.getLocalDateTimeCellValue().toLocalDate().toString());
                    } else if (cell.getCellType() == CellType.NUMERIC) {
                        out.add(Double.toString(cell.getNumericCellValue()));
                    } else {
                        out.add(fmt.formatCellValue(cell).strip());
                    }
                }
                rows.add(out);
            }
        }
        return rows;
    }
}
