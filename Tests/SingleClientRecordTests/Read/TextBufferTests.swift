import Foundation
import SCRTestSupport
import Testing

@testable import SingleClientRecord

@Suite struct TextBufferTests {
    let folder = TemporaryFolder()

    private func decode(_ bytes: [UInt8]) throws -> (String, TextEncoding) {
        let path = folder.write("file.csv", bytes: bytes)
        let text = try TextBuffer(contentsOf: path)
        return (text.withBytes { String(decoding: $0, as: UTF8.self) }, text.encoding)
    }

    @Test func utf8WithAndWithoutBOM() throws {
        #expect(try decode(Array("Zoë,1".utf8)) == ("Zoë,1", .utf8))
        #expect(try decode([0xEF, 0xBB, 0xBF] + Array("Zoë,1".utf8)) == ("Zoë,1", .utf8BOM))
    }

    @Test func utf16WithBOMBothByteOrders() throws {
        let text = "Name\tCity\r\nZoë Ngata\tTauranga €\r\n"
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try decode(le) == (text, .utf16LE))
        #expect(try decode(be) == (text, .utf16BE))
    }

    @Test func windows1252IsDetectedWhenTheBytesAreNotUTF8() throws {
        // "Café", a euro sign, curly apostrophe and an en dash, as Excel on Windows writes them.
        let bytes: [UInt8] =
            Array("Caf".utf8) + [0xE9, 0x2C, 0x80, 0x35, 0x2C] + Array("O".utf8) + [0x92]
            + Array("Brien ".utf8) + [0x96] + Array(" Ltd".utf8)
        #expect(try decode(bytes) == ("Café,€5,O’Brien – Ltd", .windows1252))
    }

    @Test(
        arguments: [
            ([0xC3, 0xA9], true),  // é
            ([0xE2, 0x82, 0xAC], true),  // €
            ([0xF0, 0x9F, 0x98, 0x80], true),  // an emoji
            ([0xC0, 0xAF], false),  // overlong
            ([0xED, 0xA0, 0x80], false),  // a surrogate
            ([0xF4, 0x90, 0x80, 0x80], false),  // above U+10FFFF
            ([0xE2, 0x82], false),  // cut short
            ([0x80], false),  // a lone continuation byte
        ] as [([UInt8], Bool)])
    func validatesUTF8Strictly(bytes: [UInt8], valid: Bool) {
        let padded = Array("0123456789".utf8) + bytes + Array("abc".utf8)
        #expect(padded.withUnsafeBytes { TextBuffer.isValidUTF8($0) } == valid)
    }

    @Test func aMissingFileAFolderAndBinaryDataAreReadErrors() {
        let missing = folder.path + "/nope.csv"
        #expect(throws: ReadError(file: missing, "no such file")) { try TextBuffer(contentsOf: missing) }
        #expect(throws: ReadError(file: folder.path, "is a folder, not a file")) {
            try TextBuffer(contentsOf: folder.path)
        }
        let binary = folder.write("data.xlsx", bytes: Array("PK".utf8) + [3, 4, 0, 0] + Array("x\ny".utf8))
        #expect(
            throws: ReadError(
                SourceLocation(file: binary, line: 1, column: 5), "binary data (a NUL character), not a CSV or XML file"
            )
        ) {
            try TextBuffer(contentsOf: binary)
        }
    }

    @Test func locationsCountCharactersNotBytes() {
        let text = TextBuffer(path: "x.csv", utf8: "a,b\nZoë,\"x")
        // The quote is the 6th character of line 2, though the 7th byte.
        #expect(text.location(ofOffset: 10) == SourceLocation(file: "x.csv", line: 2, column: 6))
    }
}

/// Whole files in the encodings Excel writes, read end to end.
@Suite struct EncodedFileTests {
    let folder = TemporaryFolder()

    @Test func excelUnicodeTextIsUTF16TabSeparated() throws {
        let text = "Client ID\tName\tCity\r\nHQ-1\tZoë Ngata\tTauranga\r\nHQ-2\t\"Smith, Jones\"\tHāwera\r\n"
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let path = folder.write("hq.txt", bytes: bytes)
        let result = InputReader.read(InputFiles(hq: path))
        #expect(result.diagnostics == [])
        #expect(result.files.first?.encoding == "UTF-16LE")
        #expect(result.files.first?.delimiter == "tab")
        #expect(result.records.map { $0[.name] } == ["Zoë Ngata", "Smith, Jones"])
        #expect(result.records.map { $0[.city] } == ["Tauranga", "Hāwera"])
    }

    @Test func windows1252WithSemicolonsAsAEuropeanExcelWritesIt() throws {
        let bytes: [UInt8] =
            Array("Client ID;Name;City\r\nHQ-1;Caf".utf8) + [0xE9] + Array(" Ren".utf8) + [0xE9]
            + Array(" Pty Ltd;M".utf8) + [0xFC] + Array("nchen\r\n".utf8)
        let path = folder.write("hq.csv", bytes: bytes)
        let result = InputReader.read(InputFiles(hq: path))
        #expect(result.diagnostics == [])
        #expect(result.files.first?.encoding == "Windows-1252")
        #expect(result.files.first?.delimiter == "semicolon")
        #expect(result.records.first?[.name] == "Café René Pty Ltd")
        #expect(result.records.first?[.city] == "München")
    }

    @Test func aUTF8FileWithABOMKeepsItsFirstHeader() throws {
        let path = folder.write("hq.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("Client ID,Name\r\nHQ-1,Acme\r\n".utf8))
        let result = InputReader.read(InputFiles(hq: path))
        #expect(result.diagnostics == [])
        #expect(result.files.first?.encoding == "UTF-8 with BOM")
        #expect(result.records.first?.key == "HQ-1")
    }
}
