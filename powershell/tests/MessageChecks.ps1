# The static check of the module's messages: every error message and
# warning whose text the source spells out ends as a sentence. Dot-sourced
# by Messages.Tests.ps1, which runs it over the module and proves that it
# finds what it is for in bad samples. Texts that end with a value ($x,
# $($x), {0}) are the builders' to finish (Format-UserSessionSentence).

# The commands whose -Message (or first positional argument) is a message.
$StaticMessageCommands = @('New-UserSessionArgumentError', 'New-UserSessionTransportError', 'New-UserSessionTransportResponse',
    'Write-Warning', 'Write-Error', 'Format-UserSessionSentence')

# The literal end of a message expression: its text, or $null when the
# text ends with a value only the run knows.
function Get-StaticMessageText {
    param($Expression)
    $e = $Expression
    while ($true) {
        if ($e -is [System.Management.Automation.Language.ParenExpressionAst]) {
            $pipeline = $e.Pipeline
            if (($pipeline -isnot [System.Management.Automation.Language.PipelineAst]) -or ($pipeline.PipelineElements.Count -ne 1) -or
                ($pipeline.PipelineElements[0] -isnot [System.Management.Automation.Language.CommandExpressionAst])) {
                return $null
            }
            $e = $pipeline.PipelineElements[0].Expression
        } elseif ($e -is [System.Management.Automation.Language.BinaryExpressionAst]) {
            if ($e.Operator -eq [System.Management.Automation.Language.TokenKind]::Format) {
                $e = $e.Left
            } elseif ($e.Operator -eq [System.Management.Automation.Language.TokenKind]::Plus) {
                $e = $e.Right
            } else {
                return $null
            }
        } else {
            break
        }
    }
    if ($e -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
        $text = $e.Value
    } elseif ($e -is [System.Management.Automation.Language.ExpandableStringExpressionAst]) {
        $nested = @($e.NestedExpressions)
        # The closing quote follows the last value: the text ends with it.
        if (($nested.Count -gt 0) -and ($nested[-1].Extent.EndOffset -ge $e.Extent.EndOffset - 1)) {
            return $null
        }
        $text = $e.Value
    } else {
        return $null
    }
    if ($text -match '\{\d+(:[^}]*)?\}$') {
        return $null
    }
    $text
}

# Finds the messages the source spells out that do not end as a sentence
# ('.', '!' or '?', before a closing bracket or quote), or hold a doubled
# full stop.
function Find-StaticMessageIssue {
    param([Parameter(Mandatory = $true)]$Parsed)
    $messages = [System.Collections.Generic.List[object]]::new()
    $commands = $Parsed.Ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)
    foreach ($command in $commands) {
        if ($StaticMessageCommands -notcontains $command.GetCommandName()) {
            continue
        }
        $elements = @($command.CommandElements)
        $argument = $null
        for ($i = 1; $i -lt $elements.Count; $i++) {
            $element = $elements[$i]
            if ($element -is [System.Management.Automation.Language.CommandParameterAst]) {
                if (('Message', 'Text') -contains $element.ParameterName) {
                    $argument = $element.Argument
                    if (($null -eq $argument) -and ($i + 1 -lt $elements.Count)) {
                        $argument = $elements[$i + 1]
                    }
                    break
                }
                if ($null -eq $element.Argument) {
                    $i++
                }
                continue
            }
            if (($null -eq $argument) -and ($i -eq 1)) {
                # Write-Warning 'text': the first positional argument.
                $argument = $element
            }
        }
        if ($null -ne $argument) {
            $messages.Add($argument)
        }
    }
    foreach ($throw in $Parsed.Ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.ThrowStatementAst] }, $true)) {
        $pipeline = $throw.Pipeline
        if (($pipeline -is [System.Management.Automation.Language.PipelineAst]) -and ($pipeline.PipelineElements.Count -eq 1) -and
            ($pipeline.PipelineElements[0] -is [System.Management.Automation.Language.CommandExpressionAst])) {
            $messages.Add($pipeline.PipelineElements[0].Expression)
        }
    }
    foreach ($message in $messages) {
        $text = Get-StaticMessageText -Expression $message
        if ($null -eq $text) {
            continue
        }
        if ($text.TrimEnd() -notmatch '[.!?][)\]''"]*$') {
            Format-StaticFinding -Extent $message.Extent -Message ('a message that does not end as a sentence: {0}' -f $message.Extent.Text)
        }
        if ($text -match '(?<![.])\.\.(?![.\\/])') {
            Format-StaticFinding -Extent $message.Extent -Message ('a message with a doubled full stop: {0}' -f $message.Extent.Text)
        }
    }
}
