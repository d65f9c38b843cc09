(function(){var a=window;a.sheets=a.sheets||{};})();
