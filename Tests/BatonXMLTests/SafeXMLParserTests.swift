import BatonModel
@testable import BatonXML
import Testing

@Suite struct SafeXMLParserTests {
    let parser = SafeXMLParser()

    @Test func recordsLineAndColumnOfEveryStartTag() throws {
        let text = "<a xmlns=\"urn:x\">\n  <b/>\n\t<c\n     id=\"x\"\n  >text</c>\n</a>"
        let root = try parser.parse(Array(text.utf8), sourceName: "t.xml")
        #expect(root.location == SourceLocation(line: 1, column: 1))
        #expect(root.children[0].location == SourceLocation(line: 2, column: 3))
        // A start tag spread over lines is located where it begins, not where it ends.
        #expect(root.children[1].location == SourceLocation(line: 3, column: 2))
        #expect(root.children[1].location(ofAttribute: "id") == SourceLocation(line: 4, column: 6))
        #expect(root.children[1].text == "text")
    }

    @Test func countsColumnsInCharactersNotBytes() throws {
        let text = "<a xmlns=\"urn:x\"><b name=\"Prüfung ✓\"/><c/></a>"
        let root = try parser.parse(Array(text.utf8), sourceName: nil)
        #expect(root.children[1].location.column == 39)
    }

    @Test func followsCRLFAndCommentsAndCDATA() throws {
        let text = "<a xmlns=\"urn:x\">\r\n<!-- <fake/> -->\r\n<![CDATA[<fake2/>]]><?pi <fake3/>?>\r\n  <b/>\r\n</a>"
        let root = try parser.parse(Array(text.utf8), sourceName: nil)
        #expect(root.children.count == 1)
        #expect(root.children[0].location == SourceLocation(line: 4, column: 3))
        #expect(root.text.contains("<fake2/>"))
    }

    @Test func attributeValuesMayContainAngleBrackets() throws {
        let text = "<a xmlns=\"urn:x\"><b v='x > y' w=\"1\"/><c/></a>"
        let root = try parser.parse(Array(text.utf8), sourceName: nil)
        #expect(root.children[0].attribute("v") == "x > y")
        #expect(root.children[0].location(ofAttribute: "w").column == 31)
        #expect(root.children[1].location.column == 38)
    }

    @Test func namespacesAreResolvedByURI() throws {
        let text = "<x:a xmlns:x=\"urn:one\" xmlns=\"urn:two\" xmlns:y=\"urn:three\" y:attr=\"v\"><b/></x:a>"
        let root = try parser.parse(Array(text.utf8), sourceName: nil)
        #expect(root.namespace == "urn:one")
        #expect(root.children[0].namespace == "urn:two")
        #expect(root.attribute("attr", namespace: "urn:three") == "v")
        #expect(root.attribute("attr") == nil)
    }

    @Test func predefinedEntitiesAndCharacterReferencesAreDecoded() throws {
        let text = "<a xmlns=\"urn:x\" v=\"&lt;&amp;&#65;&quot;\">a &gt; b</a>"
        let root = try parser.parse(Array(text.utf8), sourceName: nil)
        #expect(root.attribute("v") == "<&A\"")
        #expect(root.text == "a > b")
    }

    @Test func malformedXMLReportsLineAndColumn() {
        let text = "<a xmlns=\"urn:x\">\n  <b>\n  </c>\n</a>"
        #expect {
            try parser.parse(Array(text.utf8), sourceName: "bad.xml")
        } throws: { error in
            guard let error = error as? XMLLoadError else { return false }
            return error.code == .malformedXML && error.location.line == 3 && error.location.column > 0
                && error.description.hasPrefix("bad.xml:3:")
        }
    }

    @Test func aSmallerDepthLimitIsEnforced() {
        let text = String(repeating: "<a xmlns=\"urn:x\">", count: 20) + String(repeating: "</a>", count: 20)
        #expect {
            try SafeXMLParser(limits: XMLParsingLimits(maxDepth: 10)).parse(Array(text.utf8), sourceName: nil)
        } throws: { error in
            (error as? XMLLoadError)?.code == .nestingTooDeep
        }
    }
}
