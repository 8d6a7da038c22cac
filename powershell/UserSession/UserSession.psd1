@{
    RootModule           = 'UserSession.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '59b238ec-3054-4a8a-9073-d05f04d0e125'
    Author               = 'The usersession authors'
    CompanyName          = 'usersession'
    Copyright            = '(c) The usersession authors. MIT License.'
    Description          = 'See who is signed in on Windows and Linux machines, disconnect or sign out their sessions, message them and list their processes. Typed objects from a small helper executable; no quser text parsing.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('UserSession.Format.ps1xml')
    TypesToProcess       = @('UserSession.Types.ps1xml')
    FunctionsToExport    = @(
        'Disconnect-UserSession'
        'Get-UserSession'
        'Get-UserSessionProcess'
        'Install-UserSessionModule'
        'Invoke-UserSessionReclaim'
        'Register-UserSessionReclaim'
        'Send-UserSessionMessage'
        'Unregister-UserSessionReclaim'
        'Watch-UserSession'
    )
    CmdletsToExport      = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    FileList             = @(
        'UserSession.psd1'
        'UserSession.psm1'
        'UserSession.Format.ps1xml'
        'UserSession.Types.ps1xml'
        'en-US/about_UserSession.help.txt'
    )
    PrivateData          = @{
        PSData = @{
            Tags         = @('Session', 'RDP', 'RDS', 'WTS', 'Logoff', 'Disconnect', 'quser', 'Intune', 'Windows', 'Linux', 'PSEdition_Desktop', 'PSEdition_Core')
            LicenseUri   = 'https://github.com/usersession/usersession/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/usersession/usersession'
            ReleaseNotes = @'
0.1.0: Get-UserSession (quser-like output, every host asked once, -IncludeResources), Disconnect-UserSession
(-Force only skips the prompt; -IncludeProtected lifts the protection of your own session, session 0 and
listeners; piped objects must name their session and computer; stale sessions are refused),
Send-UserSessionMessage, Get-UserSessionProcess and Watch-UserSession; an audit record of every sign-out,
disconnect and message. Windows PowerShell 5.1 (64- and 32-bit) and PowerShell 7 on Windows and Linux.
See https://github.com/usersession/usersession/releases for the full notes.
'@
        }
    }
}
