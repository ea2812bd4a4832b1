import Testing

@testable import SingleClientRecord

/// Splits a whole text into rows of field strings, the way the readers see it.
private func table(
    _ text: String, delimiter: Character = ","
) -> (rows: [[String]], lines: [Int], bad: [(line: Int, quote: Int)]) {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBufferPointer { mutable in
        let bytes = UnsafeBufferPointer(mutable)
        let d = delimiter.asciiValue!
        let scan = CSVTokenizer.scanRows(bytes, delimiter: d)
        var fields: [CSVFieldSpan] = []
        var rows: [[String]] = []
        for row in scan.rows {
            do throws(CSVTokenizer.RowProblem) {
                try CSVTokenizer.splitFields(bytes, row, delimiter: d, into: &fields)
                rows.append(fields.map { CSVTokenizer.string(bytes, $0) ?? "" })
            } catch {
                rows.append(["<\(error.message) at \(error.offset)>"])
            }
        }
        return (rows, scan.rows.map(\.line), scan.unterminated.map { ($0.row.line, $0.quoteOffset) })
    }
}

@Suite struct CSVTokenizerTests {
    @Test func plainRowsWithLFAndCRLF() {
        let result = table("a,b,c\r\n1,2,3\n4,,6\r\n")
        #expect(result.rows == [["a", "b", "c"], ["1", "2", "3"], ["4", "", "6"]])
        #expect(result.lines == [1, 2, 3])
    }

    @Test func quotedFieldsHoldDelimitersQuotesAndLineBreaks() {
        let text = "id,name,address\n1,\"Smith, John\",\"12 High St\r\nUnit 4\"\n2,\"The \"\"Best\"\" Co\",x\n"
        let result = table(text)
        #expect(
            result.rows == [
                ["id", "name", "address"],
                ["1", "Smith, John", "12 High St\r\nUnit 4"],
                ["2", "The \"Best\" Co", "x"],
            ])
        #expect(result.lines == [1, 2, 4])
    }

    @Test func blankLinesAreNotRowsAndTrailingDelimitersMakeEmptyFields() {
        let result = table("a,b\n\n1,\n\r\n2,x")
        #expect(result.rows == [["a", "b"], ["1", ""], ["2", "x"]])
        #expect(result.lines == [1, 3, 5])
    }

    @Test func aQuoteInsideAnUnquotedFieldIsAnOrdinaryCharacter() {
        #expect(table("size,item\n5\" floppy,disk\n").rows == [["size", "item"], ["5\" floppy", "disk"]])
    }

    @Test func textAfterAClosingQuoteIsARowProblem() {
        let result = table("a,b\n\"Smith\"x,2\n3,4\n")
        #expect(
            result.rows == [["a", "b"], ["<unexpected text after the closing quote of field 1 at 11>"], ["3", "4"]])
    }

    @Test func anUnterminatedQuoteCostsOneRowAndReadingResumesOnTheNextLine() {
        let text = "a,b\n1,\"open\n2,ok\n3,\"fine\"\n"
        let result = table(text)
        #expect(result.rows == [["a", "b"], ["2", "ok"], ["3", "fine"]])
        #expect(result.lines == [1, 3, 4])
        #expect(result.bad.count == 1)
        #expect(result.bad.first?.line == 2)
        #expect(result.bad.first?.quote == 6)
    }

    @Test func anUnterminatedQuoteOnTheLastLine() {
        let result = table("a,b\n1,2\n3,\"never closed")
        #expect(result.rows == [["a", "b"], ["1", "2"]])
        #expect(result.bad.map(\.line) == [3])
    }

    @Test func aRunawayQuoteIsCutAtTheLimitInsteadOfSwallowingTheFile() {
        let filler = String(repeating: "x,y\n", count: 40_000)  // 160 KB of rows after the stray quote
        let result = table("a,b\n1,\"stray\n" + filler)
        #expect(result.bad.map(\.line) == [2])
        #expect(result.rows.count == 1 + 40_000)
        #expect(result.rows.last == ["x", "y"])
    }

    @Test(arguments: [
        ("a,b,c\n1,2,3", ","),
        ("a;b;c\n1;2;3", ";"),
        ("a\tb\tc\n1\t2\t3", "\t"),
        ("\"x,y\";b;c\n", ";"),  // commas inside quotes do not count
        ("name\nSmith", ","),  // one column: the comma by default
    ])
    func sniffsTheDelimiter(text: String, expected: String) {
        var bytes = Array(text.utf8)
        let delimiter = bytes.withUnsafeMutableBufferPointer { CSVTokenizer.sniffDelimiter(UnsafeBufferPointer($0)) }
        #expect(delimiter == UInt8(ascii: Unicode.Scalar(expected)!))
    }
}
