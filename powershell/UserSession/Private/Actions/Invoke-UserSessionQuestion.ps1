function Invoke-UserSessionQuestion {
    <#
    .SYNOPSIS
    Disconnect-UserSession -Ask: asks each user, acts on Yes only.
    .DESCRIPTION
    An unanswered question is not a yes: a session is acted on when its
    user answers yes, and on timeout (nobody answered) or notShown (the
    session's state says its user cannot see the question: disconnected,
    locked, or lock state unknown; it is then not asked) only with
    -ProceedWithoutAnswer, whose question says so. Every answer is in the
    action result (-PassThru); a session skipped is written with Action
    none and a warning.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [hashtable]$Run
    )

    $question = $Run.Message
    if (-not $question) {
        if ($Run.Logoff) {
            $question = 'An administrator needs to sign out your session. Your programs will be closed: save your work first. Sign out now?'
        } else {
            $question = 'An administrator needs to disconnect your session. Your programs keep running and you can reconnect later. Disconnect now?'
        }
        if (-not $Run.ProceedWithoutAnswer) {
            $question += " If nobody answers within $($Run.AskTimeoutSeconds) seconds, nothing is done."
        }
    }
    if ($Run.ProceedWithoutAnswer) {
        $question += " If nobody answers within $($Run.AskTimeoutSeconds) seconds, it goes ahead."
    }

    $asked = [System.Collections.Generic.List[object]]::new()
    $answers = [System.Collections.Generic.List[object]]::new()
    foreach ($target in $Run.Targets) {
        $hidden = Get-UserSessionQuestionBlocker -Session $target.Session
        if ($hidden) {
            Write-Verbose -Message "$($target.Description): not asked, the user cannot see the question ($hidden)."
            $answers.Add([pscustomobject]@{ Target = $target; Reply = 'notShown' })
        } else {
            Write-Verbose -Message "$($target.Description): asking: $question"
            $asked.Add($target)
        }
    }
    foreach ($answer in @(Send-UserSessionNotice -Run $Run -Targets $asked.ToArray() -Text $question -Buttons 'yesNo' -BoxSeconds $Run.AskTimeoutSeconds -Wait)) {
        $rpcError = $answer.Response.error
        if ($null -ne $rpcError) {
            $Run.Cmdlet.WriteError((New-UserSessionErrorRecord -RpcError $rpcError -TargetObject $answer.Target.Id -Prefix "$($answer.Target.Description): "))
            continue
        }
        $answers.Add([pscustomobject]@{ Target = $answer.Target; Reply = [string]$answer.Response.result.response })
    }
    foreach ($answer in $answers) {
        $target = $answer.Target
        $reply = $answer.Reply
        $target.Answer = $reply
        $go = ($reply -eq 'yes') -or ($Run.ProceedWithoutAnswer -and (($reply -eq 'timeout') -or ($reply -eq 'notShown')))
        if ($go) {
            Write-Verbose -Message "$($target.Description): the answer is '$reply'; going ahead."
            Send-UserSessionAction -Run $Run -Target $target
            continue
        }
        Write-Warning -Message "$($target.Description): the answer is '$reply'; skipped."
        if ($Run.PassThru) {
            New-UserSessionActionResult -ComputerName ([string](Get-UserSessionMember -InputObject $target.Session -Name 'ComputerName')) -Id $target.Id -Action 'none' -Completed $false -Answer $reply
        }
    }
}
