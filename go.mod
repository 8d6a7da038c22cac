module github.com/usersession/usersession

go 1.26
