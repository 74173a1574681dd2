import BatonModel

/// Reading `baton:`, `camunda:` and `zeebe:` extension attributes and elements into
/// ``ExtensionSettings``.
///
/// - A `baton:` attribute or element Baton does not know is an error (it is a typo in
///   Baton's own dialect), with a "did you mean" hint; one that has no effect on the
///   element it is written on is a warning.
/// - A `camunda:` or `zeebe:` setting Baton does not honour is a warning in executable
///   processes, naming it; settings that only tune another engine (`camunda:exclusive`,
///   modeler template ids) are accepted without comment, as `Docs/ProcessXML.md` lists.
/// - Other namespaces (modeling tools' metadata) are not read.
extension ModelReader {
    /// The `baton:` attributes of flow nodes and where each has an effect.
    static let batonAttributes: [String: Set<String>] = {
        let workers: Set<String> = ["serviceTask", "sendTask", "businessRuleTask", "intermediateThrowEvent", "endEvent"]
        let userTask: Set<String> = ["userTask"]
        var table: [String: Set<String>] = [
            "connector": workers, "operation": workers, "async": workers,
            "resultVariable": ["scriptTask", "businessRuleTask", "serviceTask"],
            "correlationKey": ["receiveTask", "intermediateCatchEvent", "boundaryEvent", "startEvent", "message"],
            "propagateAllChildVariables": ["callActivity"], "propagateAllParentVariables": ["callActivity"],
            "asyncBefore": ModelReader.flowNodeNames, "asyncAfter": ModelReader.flowNodeNames,
            "starterGroups": ["process"],
        ]
        for name in ["candidateGroups", "candidateUsers", "assignee", "dueDate", "followUpDate", "priority", "formKey", "excludedUsers", "completerVariable"] {
            table[name] = userTask
        }
        return table
    }()

    /// The `baton:` elements inside `extensionElements`, and where each has an effect
    /// (`nil`: on every flow node).
    static let batonElements: [String: Set<String>?] = [
        "input": nil, "output": nil, "property": nil,
        "retries": ["serviceTask", "sendTask", "businessRuleTask", "intermediateThrowEvent", "endEvent"],
        "header": ["serviceTask", "sendTask", "businessRuleTask", "intermediateThrowEvent", "endEvent"],
        "formField": ["userTask", "startEvent"],
    ]

    /// `camunda:` attributes that tune the Camunda engine and change nothing in Baton.
    static let camundaIgnoredAttributes: Set<String> = [
        "exclusive", "jobPriority", "taskPriority", "historyTimeToLive", "versionTag",
        "isStartableInTasklist", "candidateStarterGroups", "candidateStarterUsers", "modelerTemplate",
        "modelerTemplateVersion", "decisionRef", "collection", "elementVariable",
    ]
    static let zeebeIgnoredAttributes: Set<String> = ["modelerTemplate", "modelerTemplateVersion", "modelerTemplateIcon"]

    mutating func readExtensions(of element: RawElement, kind: FlowNodeKind?, executable: Bool, into settings: inout ExtensionSettings) {
        let owner = element.attribute("id").map { ElementID($0) }
        let ownerName = owner.map { "\(element.name) '\($0)'" } ?? element.name
        for attribute in element.attributes {
            guard let namespace = attribute.namespace, let dialect = ExtensionDialect(namespaceURI: namespace) else { continue }
            settings.dialects.insert(dialect)
            switch dialect {
            case .baton: readBatonAttribute(attribute, on: element, ownerName: ownerName, owner: owner, into: &settings)
            case .camunda: readCamundaAttribute(attribute, on: element, ownerName: ownerName, owner: owner, executable: executable, into: &settings)
            case .zeebe:
                if executable && !Self.zeebeIgnoredAttributes.contains(attribute.name) {
                    unsupported(attribute.qualifiedName, on: ownerName, at: attribute.location, owner: owner)
                }
            }
        }
        guard let container = element.child(in: Namespace.bpmn, named: "extensionElements") else { return }
        for child in container.children {
            guard let namespace = child.namespace, let dialect = ExtensionDialect(namespaceURI: namespace) else { continue }
            settings.dialects.insert(dialect)
            switch dialect {
            case .baton: readBatonElement(child, on: element, ownerName: ownerName, owner: owner, into: &settings)
            case .camunda: readCamundaElement(child, ownerName: ownerName, owner: owner, executable: executable, into: &settings)
            case .zeebe: readZeebeElement(child, ownerName: ownerName, owner: owner, executable: executable, into: &settings)
            }
        }
    }

    /// Multi-instance settings written as extensions on `multiInstanceLoopCharacteristics`.
    mutating func readMultiInstanceExtensions(_ loop: RawElement, into result: inout MultiInstanceLoop, executable: Bool) {
        let batonNames = ["inputCollection", "inputElement", "outputCollection", "outputElement"]
        for attribute in loop.attributes where attribute.namespace == Namespace.baton {
            switch attribute.name {
            case "inputCollection": result.inputCollection = FormalExpression(body: attribute.value, location: attribute.location)
            case "inputElement": result.inputElement = attribute.value
            case "outputCollection": result.outputCollection = attribute.value
            case "outputElement": result.outputElement = FormalExpression(body: attribute.value, location: attribute.location)
            default:
                diagnostics.append(.error(
                    .unknownExtension,
                    "unknown Baton attribute '\(attribute.qualifiedName)' on multiInstanceLoopCharacteristics\(Suggestion.hint(for: attribute.name, in: batonNames))",
                    at: attribute.location))
            }
        }
        if let collection = loop.attribute("collection", namespace: Namespace.camunda) {
            result.inputCollection = FormalExpression(body: collection, location: loop.location(ofAttribute: "collection", namespace: Namespace.camunda))
        }
        if let element = loop.attribute("elementVariable", namespace: Namespace.camunda) {
            result.inputElement = element
        }
        let zeebe = loop.child(in: Namespace.bpmn, named: "extensionElements")?.child(in: Namespace.zeebe, named: "loopCharacteristics")
        if let zeebe {
            if let value = zeebe.attribute("inputCollection") {
                result.inputCollection = FormalExpression(body: value, location: zeebe.location(ofAttribute: "inputCollection"))
            }
            if let value = zeebe.attribute("inputElement") { result.inputElement = value }
            if let value = zeebe.attribute("outputCollection") { result.outputCollection = value }
            if let value = zeebe.attribute("outputElement") {
                result.outputElement = FormalExpression(body: value, location: zeebe.location(ofAttribute: "outputElement"))
            }
        }
    }

    // MARK: baton:

    private mutating func readBatonAttribute(
        _ attribute: RawAttribute, on element: RawElement, ownerName: String, owner: ElementID?, into settings: inout ExtensionSettings
    ) {
        guard let allowed = Self.batonAttributes[attribute.name] else {
            // Prefer, generously, a name that applies to this element; then any close one.
            let applicable = Self.batonAttributes.filter { $0.value.contains(element.name) }.keys
            let suggestion = Suggestion.closest(to: attribute.name, in: applicable, limit: max(2, attribute.name.count / 2))
                ?? Suggestion.closest(to: attribute.name, in: Self.batonAttributes.keys)
            diagnostics.append(.error(
                .unknownExtension,
                "unknown Baton attribute '\(attribute.qualifiedName)' on \(ownerName)\(suggestion.map { " (did you mean '\($0)'?)" } ?? "")",
                at: attribute.location, element: owner))
            return
        }
        if !allowed.contains(element.name) {
            diagnostics.append(.warning(
                .unknownExtension,
                "'\(attribute.qualifiedName)' has no effect on \(ownerName); it applies to \(allowed.sorted().joined(separator: ", "))",
                at: attribute.location, element: owner))
            return
        }
        if attribute.name == "starterGroups" {
            readStarterGroups(attribute, ownerName: ownerName, owner: owner, into: &settings)
            return
        }
        applyCommon(attribute.name, attribute.value, at: attribute.location, into: &settings)
    }

    /// `baton:starterGroups="sales, admin"`: a list of role names, never an expression (no
    /// variables exist before the start). A name no user can have is a warning.
    private mutating func readStarterGroups(_ attribute: RawAttribute, ownerName: String, owner: ElementID?, into settings: inout ExtensionSettings) {
        let value = attribute.value.trimmingWhitespace()
        if value.hasPrefix("=") || value.hasPrefix("${") || value.hasPrefix("#{") {
            diagnostics.append(.error(
                .invalidAttribute, "baton:starterGroups on \(ownerName) is a comma-separated list of roles, not an expression",
                at: attribute.location, element: owner))
            return
        }
        let groups = Self.list(value)
        if groups.isEmpty {
            diagnostics.append(.warning(
                .invalidAttribute, "baton:starterGroups on \(ownerName) is empty, so anyone may start it; name roles or leave it out",
                at: attribute.location, element: owner))
        }
        for group in groups where !IdentityName.isValid(group) {
            diagnostics.append(.warning(
                .invalidAttribute,
                "baton:starterGroups on \(ownerName) names '\(group)', which no user can have: roles are lowercase letters, digits, '.', '_' and '-'",
                at: attribute.location, element: owner))
        }
        settings.starterGroups = groups
    }

    private mutating func readBatonElement(
        _ child: RawElement, on element: RawElement, ownerName: String, owner: ElementID?, into settings: inout ExtensionSettings
    ) {
        if let allowed = Self.batonElements[child.name] {
            let places = allowed ?? ModelReader.flowNodeNames
            if !places.contains(element.name) {
                let where_ = allowed.map { "it applies to \($0.sorted().joined(separator: ", "))" } ?? "it applies to flow nodes"
                diagnostics.append(.warning(
                    .unknownExtension, "'\(child.qualifiedName)' has no effect in \(ownerName); \(where_)", at: child.location, element: owner))
                return
            }
        }
        switch child.name {
        case "input", "output":
            guard let name = requiredExtensionAttribute(child, "name", ownerName: ownerName, owner: owner) else { return }
            let mapping = VariableMapping(
                target: name, source: child.attribute("value").map { FormalExpression(body: $0, location: child.location(ofAttribute: "value")) },
                location: child.location)
            if child.name == "input" { settings.inputs.append(mapping) } else { settings.outputs.append(mapping) }
        case "retries":
            guard let count = readInt(child, "count") else {
                if child.attribute("count") == nil {
                    diagnostics.append(.error(.missingAttribute, "baton:retries on \(ownerName) has no count attribute", at: child.location, element: owner))
                }
                return
            }
            guard count >= 0 else {
                diagnostics.append(.error(.invalidAttribute, "baton:retries count=\"\(count)\" in \(ownerName) must be 0 or more", at: child.location(ofAttribute: "count"), element: owner))
                return
            }
            let backoff = child.attribute("backoff")
            if let backoff, !FormalExpression(body: backoff, location: child.location).isComputed {
                do {
                    _ = try ISO8601Duration.parse(backoff.trimmingWhitespace())
                } catch {
                    diagnostics.append(.error(
                        .invalidAttribute, "baton:retries backoff=\"\(backoff)\" in \(ownerName) is not an ISO 8601 duration: \(error.message)",
                        at: child.location(ofAttribute: "backoff"), element: owner))
                }
            }
            settings.retries = RetryPolicy(count: count, backoff: backoff, location: child.location)
        case "formField":
            guard let id = requiredExtensionAttribute(child, "id", ownerName: ownerName, owner: owner) else { return }
            var field = FormField(
                id: id, type: child.attribute("type"), label: child.attribute("label"),
                required: readBool(child, "required", default: false), defaultValue: child.attribute("default"),
                minimum: child.attribute("min"), maximum: child.attribute("max"), pattern: child.attribute("pattern"),
                values: child.attribute("values").map(Self.list) ?? [], location: child.location)
            field.sensitive = readBool(child, "sensitive", default: false)
            settings.formFields.append(field)
        case "property", "header":
            guard let name = requiredExtensionAttribute(child, "name", ownerName: ownerName, owner: owner) else { return }
            let pair = NamedValue(name: name, value: child.attribute("value") ?? child.text)
            if child.name == "property" { settings.properties.append(pair) } else { settings.headers.append(pair) }
        default:
            diagnostics.append(.error(
                .unknownExtension,
                "unknown Baton element '\(child.qualifiedName)' in \(ownerName)\(Suggestion.hint(for: child.name, in: Self.batonElements.keys))",
                at: child.location, element: owner))
        }
    }

    private mutating func requiredExtensionAttribute(_ child: RawElement, _ name: String, ownerName: String, owner: ElementID?) -> String? {
        guard let value = child.attribute(name), !value.isEmpty else {
            diagnostics.append(.error(.missingAttribute, "\(child.qualifiedName) in \(ownerName) has no \(name) attribute", at: child.location, element: owner))
            return nil
        }
        return value
    }

    /// Settings that `baton:` and `camunda:` write with the same attribute name.
    private mutating func applyCommon(_ name: String, _ value: String, at location: SourceLocation, into settings: inout ExtensionSettings) {
        func assignment(_ change: (inout TaskAssignment) -> Void) {
            var current = settings.assignment ?? TaskAssignment(location: location)
            change(&current)
            settings.assignment = current
        }
        switch name {
        case "connector":
            settings.taskDefinition = TaskDefinition(type: value, operation: settings.taskDefinition?.operation, location: location)
        case "operation":
            settings.taskDefinition = TaskDefinition(type: settings.taskDefinition?.type ?? "", operation: value, location: settings.taskDefinition?.location ?? location)
        case "candidateGroups": assignment { $0.candidateGroups = Self.list(value) }
        case "candidateUsers": assignment { $0.candidateUsers = Self.list(value) }
        case "assignee": assignment { $0.assignee = value }
        case "excludedUsers": assignment { $0.excludedUsers = Self.list(value) }
        case "completerVariable":
            let name = value.trimmingWhitespace()
            if name.isEmpty || name.hasPrefix("=") || name.contains(where: { $0 == " " || $0 == "," }) {
                diagnostics.append(.error(.invalidAttribute, "baton:completerVariable names the variable that receives the completing user, not \"\(value)\"", at: location))
            } else {
                assignment { $0.completerVariable = name }
            }
        case "dueDate": assignment { $0.dueDate = value }
        case "followUpDate": assignment { $0.followUpDate = value }
        case "priority": assignment { $0.priority = value }
        case "formKey": settings.formKey = value
        case "resultVariable": settings.resultVariable = value
        case "correlationKey": settings.correlationKey = FormalExpression(body: value, location: location)
        case "propagateAllChildVariables": settings.propagateAllChildVariables = value == "true"
        case "propagateAllParentVariables": settings.propagateAllParentVariables = value == "true"
        case "asyncBefore": settings.asyncBefore = value == "true"
        case "asyncAfter": settings.asyncAfter = value == "true"
        case "async":
            if value == "true" || value == "false" {
                settings.runsInStep = value == "false"
            } else {
                diagnostics.append(.error(.invalidAttribute, "baton:async is \"true\" (the default: through the job table) or \"false\" (in the step), not \"\(value)\"", at: location))
            }
        default: break
        }
    }

    /// `a, b,c` as `["a", "b", "c"]`; an expression (`=...`, `${...}`) stays whole.
    static func list(_ value: String) -> [String] {
        let trimmed = value.trimmingWhitespace()
        if trimmed.hasPrefix("=") || trimmed.hasPrefix("${") || trimmed.hasPrefix("#{") { return [trimmed] }
        return trimmed.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    mutating func unsupported(_ what: String, on ownerName: String, at location: SourceLocation, owner: ElementID?, advice: String = "") {
        diagnostics.append(.warning(
            .unsupportedExtension, "\(what) on \(ownerName) is not supported by Baton and is ignored\(advice)",
            at: location, element: owner))
    }

    // MARK: camunda:

    private mutating func readCamundaAttribute(
        _ attribute: RawAttribute, on element: RawElement, ownerName: String, owner: ElementID?, executable: Bool,
        into settings: inout ExtensionSettings
    ) {
        switch attribute.name {
        case "candidateGroups", "candidateUsers", "assignee", "dueDate", "followUpDate", "priority", "formKey", "resultVariable",
            "asyncBefore", "asyncAfter":
            applyCommon(attribute.name, attribute.value, at: attribute.location, into: &settings)
        case "type":
            if attribute.value == "external" {
                let topic = element.attribute("topic", namespace: Namespace.camunda) ?? ""
                settings.taskDefinition = TaskDefinition(type: topic, location: attribute.location)
            } else if executable {
                unsupported("camunda:type=\"\(attribute.value)\"", on: ownerName, at: attribute.location, owner: owner)
            }
        case "topic":
            if element.attribute("type", namespace: Namespace.camunda) != "external", executable {
                unsupported("camunda:topic without camunda:type=\"external\"", on: ownerName, at: attribute.location, owner: owner)
            }
        case "class", "expression", "delegateExpression":
            if executable {
                unsupported(
                    "camunda:\(attribute.name) (Java code)", on: ownerName, at: attribute.location, owner: owner,
                    advice: "; bind the task to a connector with baton:connector or camunda:type=\"external\"")
            }
        default:
            if executable && !Self.camundaIgnoredAttributes.contains(attribute.name) {
                unsupported(attribute.qualifiedName, on: ownerName, at: attribute.location, owner: owner)
            }
        }
    }

    private mutating func readCamundaElement(
        _ child: RawElement, ownerName: String, owner: ElementID?, executable: Bool, into settings: inout ExtensionSettings
    ) {
        switch child.name {
        case "inputOutput":
            for parameter in child.children(in: Namespace.camunda) {
                guard parameter.name == "inputParameter" || parameter.name == "outputParameter",
                    let name = requiredExtensionAttribute(parameter, "name", ownerName: ownerName, owner: owner)
                else { continue }
                if let nested = parameter.children.first, executable {
                    unsupported("camunda:\(nested.name) as a parameter value", on: ownerName, at: nested.location, owner: owner,
                                advice: "; write the value as an expression")
                    continue
                }
                let mapping = VariableMapping(
                    target: name, source: FormalExpression(body: parameter.text, location: parameter.location), location: parameter.location)
                if parameter.name == "inputParameter" { settings.inputs.append(mapping) } else { settings.outputs.append(mapping) }
            }
        case "in", "out":
            let isIn = child.name == "in"
            if child.attribute("businessKey") != nil {
                if executable { unsupported("camunda:in businessKey", on: ownerName, at: child.location, owner: owner) }
                return
            }
            if child.attribute("variables") == "all" {
                if isIn { settings.propagateAllParentVariables = true } else { settings.propagateAllChildVariables = true }
                return
            }
            guard let target = child.attribute("target") else {
                if executable { unsupported("camunda:\(child.name) without a target", on: ownerName, at: child.location, owner: owner) }
                return
            }
            // `source` names a variable; `sourceExpression` is an expression (JUEL).
            let source = child.attribute("sourceExpression") ?? ("=" + (child.attribute("source") ?? target))
            let mapping = VariableMapping(target: target, source: FormalExpression(body: source, location: child.location), location: child.location)
            if isIn { settings.inputs.append(mapping) } else { settings.outputs.append(mapping) }
        case "properties":
            for property in child.children(in: Namespace.camunda, named: "property") {
                settings.properties.append(NamedValue(name: property.attribute("name") ?? "", value: property.attribute("value") ?? ""))
            }
        case "formData":
            for field in child.children(in: Namespace.camunda, named: "formField") {
                guard let id = requiredExtensionAttribute(field, "id", ownerName: ownerName, owner: owner) else { continue }
                let constraints = field.child(in: Namespace.camunda, named: "validation")?.children(in: Namespace.camunda, named: "constraint") ?? []
                func constraint(_ name: String) -> String? { constraints.first { $0.attribute("name") == name }?.attribute("config") }
                settings.formFields.append(FormField(
                    id: id, type: field.attribute("type"), label: field.attribute("label"),
                    required: constraints.contains { $0.attribute("name") == "required" },
                    defaultValue: field.attribute("defaultValue"), minimum: constraint("min"), maximum: constraint("max"),
                    pattern: constraint("pattern"),
                    values: field.children(in: Namespace.camunda, named: "value").compactMap { $0.attribute("id") }, location: field.location))
            }
        case "failedJobRetryTimeCycle":
            if let cycle = try? RepeatingInterval.parse(child.text.trimmingWhitespace()), let count = cycle.repetitions {
                settings.retries = RetryPolicy(count: count, backoff: cycle.interval.description, location: child.location)
            } else if executable {
                unsupported("camunda:failedJobRetryTimeCycle '\(child.text.trimmingWhitespace())'", on: ownerName, at: child.location, owner: owner,
                            advice: "; write it as R<count>/<duration>, e.g. R5/PT10S")
            }
        default:
            if executable { unsupported("camunda:\(child.name)", on: ownerName, at: child.location, owner: owner) }
        }
    }

    // MARK: zeebe:

    private mutating func readZeebeElement(
        _ child: RawElement, ownerName: String, owner: ElementID?, executable: Bool, into settings: inout ExtensionSettings
    ) {
        func assignment(_ change: (inout TaskAssignment) -> Void) {
            var current = settings.assignment ?? TaskAssignment(location: child.location)
            change(&current)
            settings.assignment = current
        }
        switch child.name {
        case "taskDefinition":
            settings.taskDefinition = TaskDefinition(type: child.attribute("type") ?? "", location: child.location)
            if let retries = child.attribute("retries") {
                if let count = Int(retries.trimmingWhitespace()) {
                    settings.retries = RetryPolicy(count: count, location: child.location(ofAttribute: "retries"))
                } else if executable {
                    unsupported("zeebe:taskDefinition retries=\"\(retries)\" (not a whole number)", on: ownerName,
                                at: child.location(ofAttribute: "retries"), owner: owner)
                }
            }
        case "ioMapping":
            for mapping in child.children(in: Namespace.zeebe) where mapping.name == "input" || mapping.name == "output" {
                guard let target = requiredExtensionAttribute(mapping, "target", ownerName: ownerName, owner: owner) else { continue }
                if target.hasPrefix("$") || mapping.attribute("source")?.hasPrefix("$") == true {
                    // Zeebe 0.x JSONPath mappings (`source="$.a" target="$.foo"`) mean something else in FEEL.
                    if executable {
                        unsupported("zeebe:\(mapping.name) with a JSONPath (Zeebe 0.x) source or target", on: ownerName, at: mapping.location, owner: owner,
                                    advice: "; write source=\"=a\" target=\"foo\"")
                    }
                    continue
                }
                let source = mapping.attribute("source").map { FormalExpression(body: $0, location: mapping.location(ofAttribute: "source")) }
                let value = VariableMapping(target: target, source: source, location: mapping.location)
                if mapping.name == "input" { settings.inputs.append(value) } else { settings.outputs.append(value) }
            }
        case "assignmentDefinition":
            assignment {
                if let value = child.attribute("assignee") { $0.assignee = value }
                if let value = child.attribute("candidateGroups") { $0.candidateGroups = Self.list(value) }
                if let value = child.attribute("candidateUsers") { $0.candidateUsers = Self.list(value) }
            }
        case "taskSchedule":
            assignment {
                if let value = child.attribute("dueDate") { $0.dueDate = value }
                if let value = child.attribute("followUpDate") { $0.followUpDate = value }
            }
        case "priorityDefinition":
            assignment { $0.priority = child.attribute("priority") }
        case "formDefinition":
            settings.formKey = child.attribute("formKey") ?? child.attribute("formId")
        case "calledElement":
            if let value = child.attribute("propagateAllChildVariables") { settings.propagateAllChildVariables = value == "true" }
            if let value = child.attribute("propagateAllParentVariables") { settings.propagateAllParentVariables = value == "true" }
        case "script", "calledDecision":
            if let value = child.attribute("resultVariable") { settings.resultVariable = value }
        case "taskHeaders", "properties":
            for pair in child.children(in: Namespace.zeebe) {
                let name = pair.attribute("key") ?? pair.attribute("name") ?? ""
                let value = NamedValue(name: name, value: pair.attribute("value") ?? "")
                if child.name == "taskHeaders" { settings.headers.append(value) } else { settings.properties.append(value) }
            }
        case "userTask", "versionTag", "loopCharacteristics", "subscription":
            break  // markers, or read where they apply (multi-instance, messages)
        default:
            if executable { unsupported("zeebe:\(child.name)", on: ownerName, at: child.location, owner: owner) }
        }
    }
}
